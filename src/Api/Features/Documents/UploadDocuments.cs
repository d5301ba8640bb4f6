using System.Security.Cryptography;
using Folio.Api.Infrastructure;
using Folio.Api.Infrastructure.Access;
using Folio.Retrieval.Access;
using Folio.Extraction;
using Folio.Retrieval.Documents;
using Folio.Retrieval.Ingestion;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Folio.Api.Features.Documents;

/// <summary>
/// <c>POST /v1/documents</c>: one or more files into a collection, queued for ingestion. Each file is
/// sniffed first, so an unsupported or empty file is refused before anything is stored; the same bytes
/// in the same collection are one document (its existing id comes back and nothing is redone).
/// </summary>
public static class UploadDocuments
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/documents", HandleAsync)
            .RequireRateLimiting(AccessServiceCollectionExtensions.UploadPolicy)
            .WithName("UploadDocuments")
            .WithSummary("Upload documents for ingestion (multipart: file, collection, tags)")
            .WithTags("Documents")
            .Accepts<IFormFile>("multipart/form-data")
            .DisableAntiforgery();

    /// <param name="MaxTags">Most tags a document may carry (<see cref="IngestionOptions.MaxTagsPerDocument"/>).</param>
    /// <param name="Collection">The collection named, or null for the key's only collection (else <c>default</c>).</param>
    public sealed record Command(string? Collection, IReadOnlyList<string> RawTags, IReadOnlyList<UploadedFile> Files, int MaxTags) : ICommand<IReadOnlyList<Uploaded>>, IValidate
    {
        public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

        public IEnumerable<(string Field, string Error)> Validate()
        {
            if (Collection is not null && !InputRules.IsCollection(Collection))
            {
                yield return ("collection", InputRules.CollectionRule);
            }

            foreach (var error in InputRules.ParseTags(RawTags, Tags))
            {
                yield return error;
            }

            if (Tags.Count > MaxTags)
            {
                yield return ("tags", $"A document carries at most {MaxTags} tags; {Tags.Count} were given.");
            }
        }
    }

    /// <summary>One uploaded file's document.</summary>
    public sealed record Uploaded(string Id, DocumentStatus Status, string FileName, string Sha256, bool Existing);

    public sealed record Response(IReadOnlyList<Uploaded> Documents);

    public sealed class Handler(DocumentService documents, IngestionSignal signal, ICollectionAccess access, Caller caller, AuditLog audit) : ICommandHandler<Command, IReadOnlyList<Uploaded>>
    {
        public async ValueTask<IReadOnlyList<Uploaded>> Handle(Command command, CancellationToken cancellationToken)
        {
            var collection = access.Resolve(command.Collection);
            // Check every file before storing any, so a bad file in a batch stores nothing.
            var checkedFiles = new List<(UploadedFile File, string MediaType, string Sha256)>();
            foreach (var file in command.Files)
            {
                await using var content = file.OpenRead();
                try
                {
                    var (_, mediaType) = FormatSniffer.Sniff(content, file.FileName);
                    content.Position = 0;
                    checkedFiles.Add((file, mediaType, Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken))));
                }
                catch (DocumentParseException e) when (command.Files.Count > 1)
                {
                    throw new DocumentParseException(e.Failure, $"'{file.FileName}': {e.Message}", e);
                }
            }

            var uploaded = new List<Uploaded>();
            foreach (var (file, mediaType, sha256) in checkedFiles)
            {
                var (document, created) = await documents.AddAsync(collection, file.FileName, mediaType, sha256, command.Tags, file.Path, cancellationToken);
                await audit.RecordAsync(caller, AuditLog.Upload, collection, document.Id);
                uploaded.Add(new Uploaded(document.Id, document.Status, document.FileName, document.Sha256, !created));
            }

            signal.Notify(uploaded.Count);
            return uploaded;
        }
    }

    /// <summary>
    /// Checks <c>collection</c> and <c>tags</c> as they arrive, by the command's own rules, so that sent
    /// before the files (as a client should) a bad value is refused before any file is written to disk.
    /// </summary>
    internal static void CheckField(string name, string value)
    {
        var errors = name switch
        {
            "collection" => new Command(value, [], [], MaxTags: int.MaxValue).Validate().ToList(),
            "tags" => new Command(InputRules.DefaultCollection, [value], [], MaxTags: int.MaxValue).Validate().ToList(),
            _ => [],
        };
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Error).ToArray()));
        }
    }

    private static async Task<Results<Accepted<Response>, Ok<Response>, BadRequest<ProblemDetails>>> HandleAsync(
        HttpRequest request, ISender sender, DocumentStore store, DataFolder data, IOptions<ParsingOptions> parsing, IOptions<IngestionOptions> ingestion,
        [FromQuery] bool? wait, CancellationToken cancellationToken)
    {
        using var form = await UploadForm.ReadAsync(request, data.Uploads, parsing.Value.MaxBytes, ingestion.Value.MaxFilesPerRequest,
            ingestion.Value.MaxRequestBytes, CheckField, cancellationToken);
        var command = new Command(form.Field("collection"), form.Fields.GetValueOrDefault("tags") ?? [], form.Files, ingestion.Value.MaxTagsPerDocument);
        var uploaded = await sender.Send(command, cancellationToken);
        var location = uploaded.Count == 1 ? $"/v1/documents/{uploaded[0].Id}" : null;
        if (wait != true)
        {
            return TypedResults.Accepted(location, new Response(uploaded));
        }

        var deadline = DateTimeOffset.UtcNow + ingestion.Value.MaxWait;
        while (true)
        {
            var current = new List<Uploaded>();
            foreach (var document in uploaded)
            {
                var record = await store.GetAsync(document.Id, cancellationToken);
                current.Add(document with { Status = record?.Status ?? DocumentStatus.Failed });
            }

            if (current.TrueForAll(d => d.Status is DocumentStatus.Ready or DocumentStatus.Failed))
            {
                return TypedResults.Ok(new Response(current));
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                return TypedResults.Accepted(location, new Response(current));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }
}
