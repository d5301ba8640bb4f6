using System.Globalization;
using Folio.Api.Infrastructure;
using Folio.Api.Infrastructure.Access;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Keys;

/// <summary><c>GET /v1/audit</c> (admin): who did what, oldest first, a page at a time (<c>limit</c>, <c>cursor</c> = the previous page's <c>nextCursor</c>).</summary>
public static class ListAudit
{
    private const int MaxLimit = 500;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/audit", async Task<Results<Ok<Response>, BadRequest<ProblemDetails>>> ([FromQuery] string? cursor, [FromQuery] int? limit, ISender sender,
                    CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new Query(cursor, limit ?? 100), cancellationToken)))
            .RequireScope(KeyScope.Admin)
            .WithName("ListAudit").WithSummary("The audit log: who did what to which document, when").WithTags("Keys");

    public sealed record Query(string? Cursor, int Limit) : IQuery<Response>, IValidate
    {
        public IEnumerable<(string Field, string Error)> Validate()
        {
            if (Limit is < 1 or > MaxLimit)
            {
                yield return ("limit", $"limit is between 1 and {MaxLimit}.");
            }

            if (Cursor is not null && !long.TryParse(Cursor, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                yield return ("cursor", "The cursor is not one this service issued.");
            }
        }
    }

    public sealed record Entry(DateTimeOffset At, string KeyId, string Action, string? Collection, string? DocumentId, string? Target);

    public sealed record Response(IReadOnlyList<Entry> Entries, string? NextCursor);

    public sealed class Handler(AuditLog audit) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var after = query.Cursor is null ? 0 : long.Parse(query.Cursor, CultureInfo.InvariantCulture);
            var entries = await audit.ListAsync(after, query.Limit + 1, cancellationToken);
            var page = entries.Take(query.Limit).ToList();
            return new Response(page.Select(e => new Entry(e.At, e.KeyId, e.Action, e.Collection, e.DocumentId, e.Target)).ToList(),
                entries.Count > query.Limit ? AuditLog.Cursor(page[^1].Seq) : null);
        }
    }
}
