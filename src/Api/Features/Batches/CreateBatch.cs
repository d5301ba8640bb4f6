using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Folio.Api.Features.Files;
using Folio.Api.Infrastructure;
using Folio.Api.Infrastructure.Access;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Folio.Api.Features.Batches;

/// <summary>
/// <c>POST /v1/batches</c> <c>{"input_file_id","endpoint","completion_window","metadata","webhook_url"}</c>: queues a batch
/// over an uploaded JSONL file. It starts <c>validating</c>; the runner checks every line before any runs. The
/// webhook URL may also come as <c>metadata.webhook_url</c> (what OpenAI clients can send unchanged); its host must
/// be in <c>Batches:WebhookHosts</c>.
/// </summary>
public static partial class CreateBatch
{
    public const int MaxMetadataPairs = 16;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/batches", async Task<Results<Ok<BatchResponse>, BadRequest<ProblemDetails>, NotFound<ProblemDetails>>> (
                    Request request, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new Command(request, Owner.Of(http)), cancellationToken)))
            // Files and batches belong to the key that made them, outside any collection: read scope runs a batch of questions.
            .RequireScope(KeyScope.Read)
            .WithName("CreateBatch").WithSummary("Create a batch over an uploaded JSONL file").WithTags("Batches");

    public sealed record Request(
        [property: JsonPropertyName("input_file_id")] string? InputFileId,
        string? Endpoint,
        [property: JsonPropertyName("completion_window")] string? CompletionWindow,
        IReadOnlyDictionary<string, string>? Metadata,
        [property: JsonPropertyName("webhook_url")] string? WebhookUrl)
    {
        public string? Webhook => WebhookUrl ?? Metadata?.GetValueOrDefault("webhook_url");
    }

    public sealed record Command(Request Request, string? Owner) : ICommand<BatchResponse>, IValidate
    {
        public IEnumerable<(string Field, string Error)> Validate()
        {
            if (string.IsNullOrWhiteSpace(Request.InputFileId))
            {
                yield return ("input_file_id", "input_file_id is required.");
            }

            if (Request.Endpoint is null || !BatchEndpoints.Supported.ContainsKey(Request.Endpoint))
            {
                yield return ("endpoint", $"endpoint is one of {string.Join(", ", BatchEndpoints.Supported.Keys)}.");
            }

            if (Window(Request.CompletionWindow) is null)
            {
                yield return ("completion_window", "completion_window is a duration such as 24h, 30m or 90s.");
            }

            if (Request.Metadata is { } metadata && (metadata.Count > MaxMetadataPairs || metadata.Any(m => m.Key.Length > 64 || m.Value.Length > 512)))
            {
                yield return ("metadata", $"metadata holds at most {MaxMetadataPairs} pairs, keys of at most 64 characters, values of at most 512.");
            }

            if (Request.Webhook is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                yield return ("webhook_url", "webhook_url is an absolute http or https URL.");
            }
        }
    }

    public sealed class Handler(BatchStore batches, FileStore files, IOptions<BatchOptions> options) : ICommandHandler<Command, BatchResponse>
    {
        public async ValueTask<BatchResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var request = command.Request;
            var window = Window(request.CompletionWindow)!.Value;
            if (window < options.Value.MinCompletionWindow || window > options.Value.MaxCompletionWindow)
            {
                throw new RequestValidationException("completion_window",
                    $"completion_window is between {options.Value.MinCompletionWindow} and {options.Value.MaxCompletionWindow} (Batches:MinCompletionWindow, Batches:MaxCompletionWindow).");
            }

            if (request.Webhook is { } url && !IsAllowed(new Uri(url), options.Value.WebhookHosts))
            {
                throw new RequestValidationException("webhook_url", "The webhook's host is not in Batches:WebhookHosts.");
            }

            var input = await files.GetAsync(request.InputFileId!, command.Owner, cancellationToken) ?? throw new NotFoundException($"File '{request.InputFileId}'");
            if (input.Purpose != FileStore.BatchPurpose)
            {
                throw new RequestValidationException("input_file_id", "The input file must have been uploaded with purpose 'batch'.");
            }

            var batch = await batches.CreateAsync(command.Owner, request.Endpoint!, input.Id, request.CompletionWindow!, window, request.Metadata, request.Webhook, cancellationToken);
            return await BatchResponse.FromAsync(batch, batches, cancellationToken);
        }
    }

    private static bool IsAllowed(Uri url, IEnumerable<string> hosts) =>
        hosts.Any(host => string.Equals(host, url.Host, StringComparison.OrdinalIgnoreCase) || string.Equals(host, url.Authority, StringComparison.OrdinalIgnoreCase));

    private static TimeSpan? Window(string? text) => text is not null && WindowPattern().Match(text) is { Success: true } match
        && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0
        ? match.Groups[2].Value switch
        {
            "h" => TimeSpan.FromHours(amount),
            "m" => TimeSpan.FromMinutes(amount),
            _ => TimeSpan.FromSeconds(amount),
        }
        : null;

    [GeneratedRegex(@"^([0-9]{1,6})(h|m|s)\z")]
    private static partial Regex WindowPattern();
}
