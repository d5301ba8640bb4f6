using System.Text.Json;
using System.Text.Json.Serialization;
using Folio.Api.Infrastructure;
using Folio.Api.Infrastructure.Access;
using Folio.Generation;

var builder = WebApplication.CreateBuilder(args);
// Folio__Section__Key environment variables (DESIGN.md, Configuration) override appsettings.json;
// command-line arguments still win.
builder.Configuration.AddEnvironmentVariables(prefix: "Folio__");
builder.Configuration.AddCommandLine(args);
RegisterServices(builder);
var app = builder.Build();
ConfigureApplication(app);
app.Run();

static void RegisterServices(WebApplicationBuilder builder)
{
    builder.Services.AddFolioErrors();
    builder.Services.ConfigureHttpJsonOptions(options =>
    {
        options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    });
    // JSON requests are small: a 1 MiB body cap. Uploads raise it for their own request (UploadForm)
    // to what their files may total, and check each file's size while it streams.
    builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = InputRules.MaxJsonBodyBytes);
    builder.Services.AddOpenApi();
    builder.Services.AddMediator(options =>
    {
        options.Assemblies = [typeof(Program)];
        options.ServiceLifetime = ServiceLifetime.Scoped;
    });
    builder.Services.AddSingleton(typeof(Mediator.IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));
    // Before AddFolio: the caller's collections replace Retrieval's in-process rule (every collection).
    builder.Services.AddFolioAccess(builder.Configuration);
    builder.Services.AddFolio(builder.Configuration);
    Folio.Api.Features.Mcp.McpEndpoint.AddFolioMcp(builder.Services);
    Folio.Api.Features.OpenAI.OpenAIEndpoints.AddOpenAICompatible(builder.Services, builder.Configuration);
    Folio.Api.Features.Batches.BatchServiceCollectionExtensions.AddFolioBatches(builder.Services, builder.Configuration);
}

static void ConfigureApplication(WebApplication app)
{
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    // The review page's static files are served before access: the page loads without a key and sends one itself.
    Folio.Api.Features.Review.ReviewPage.Use(app);
    app.UseFolioAccess();
    app.MapOpenApi();
    Folio.Api.Features.Health.Live.Map(app);
    Folio.Api.Features.Health.Ready.Map(app);
    Folio.Api.Features.Parsing.ParseDocument.Map(app);
    Folio.Api.Features.Documents.UploadDocuments.Map(app);
    Folio.Api.Features.Documents.ListDocuments.Map(app);
    Folio.Api.Features.Documents.GetDocument.Map(app);
    Folio.Api.Features.Documents.GetDocumentContent.Map(app);
    Folio.Api.Features.Documents.GetDocumentChunks.Map(app);
    Folio.Api.Features.Documents.GetDocumentFile.Map(app);
    Folio.Api.Features.Documents.GetPageWords.Map(app);
    Folio.Api.Features.Documents.DeleteDocument.Map(app);
    Folio.Api.Features.Search.SearchChunks.Map(app);
    Folio.Api.Features.Questions.AskQuestion.Map(app);
    Folio.Api.Features.Extractions.CreateExtraction.Map(app);
    Folio.Api.Features.Mcp.McpEndpoint.Map(app);
    Folio.Api.Features.OpenAI.OpenAIEndpoints.Map(app);
    Folio.Api.Features.Keys.CreateKey.Map(app);
    Folio.Api.Features.Keys.ListKeys.Map(app);
    Folio.Api.Features.Keys.RevokeKey.Map(app);
    Folio.Api.Features.Keys.ListAudit.Map(app);
    Folio.Api.Features.Files.UploadFile.Map(app);
    Folio.Api.Features.Files.ListFiles.Map(app);
    Folio.Api.Features.Files.GetFile.Map(app);
    Folio.Api.Features.Files.GetFileContent.Map(app);
    Folio.Api.Features.Files.DeleteFile.Map(app);
    Folio.Api.Features.Batches.CreateBatch.Map(app);
    Folio.Api.Features.Batches.ListBatches.Map(app);
    Folio.Api.Features.Batches.GetBatch.Map(app);
    Folio.Api.Features.Batches.CancelBatch.Map(app);
}

/// <summary>The entry point, public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
