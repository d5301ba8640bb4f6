# Folio API image: build with the .NET 10 SDK, run on the ASP.NET Core 10 runtime.
# docker compose up (see docker-compose.yml) runs it with Qdrant as the index.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
# Restore first, from the project files only, so the package layer is cached across code changes.
COPY global.json Directory.Build.props Directory.Packages.props Folio.slnx ./
COPY src/Extraction/Folio.Extraction.csproj src/Extraction/
COPY src/Retrieval/Folio.Retrieval.csproj src/Retrieval/
COPY src/Generation/Folio.Generation.csproj src/Generation/
COPY src/Parser/Folio.Parser.csproj src/Parser/
COPY src/Api/Folio.Api.csproj src/Api/
RUN dotnet restore src/Api/Folio.Api.csproj
COPY src/ src/
# The publish output holds the parser worker host (Folio.Parser.dll) beside Folio.Api.dll.
RUN dotnet publish src/Api/Folio.Api.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# USearch's native library needs the GNU OpenMP runtime (libgomp.so.1).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /data && chown "$APP_UID" /data
WORKDIR /app
COPY --from=build /app .
ENV Kestrel__Endpoints__Http__Url=http://+:8080 \
    Folio__Storage__DataFolder=/data
VOLUME /data
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Folio.Api.dll"]
