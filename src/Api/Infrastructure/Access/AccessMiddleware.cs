using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Infrastructure.Access;

/// <summary>
/// With keys on, every <c>/v1</c> and <c>/mcp</c> request needs <c>Authorization: Bearer &lt;key&gt;</c>: no key,
/// an unknown or revoked key is a 401 (<c>unauthorized</c>, with <c>WWW-Authenticate: Bearer</c>); a key without
/// the route's scope (<see cref="RequiredScope"/>) a 403 (<c>forbidden</c>). Health checks, the OpenAPI document
/// and static pages stay open. The request's <see cref="Caller"/> becomes the key's holder.
/// </summary>
internal sealed class AccessMiddleware(RequestDelegate next, KeyStore keys, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context, Caller caller)
    {
        if (!keys.Enabled || !IsProtected(context.Request.Path))
        {
            await next(context);
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7
            ? await keys.FindAsync(header[7..].Trim(), context.RequestAborted)
            : null;
        if (key is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", ErrorCodes.Unauthorized,
                "This route needs an API key: send 'Authorization: Bearer <key>'. The key is missing, unknown or revoked.");
            return;
        }

        caller.Become(key);
        var scope = RequiredScope.Of(context);
        if (!caller.Has(scope))
        {
            await WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", ErrorCodes.Forbidden,
                $"This key lacks the '{scope.ToString().ToLowerInvariant()}' scope this route needs.");
            return;
        }

        await next(context);
    }

    public static bool IsProtected(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/mcp", StringComparison.OrdinalIgnoreCase);

    private async Task WriteAsync(HttpContext context, int status, string title, string code, string detail)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["errorCode"] = code;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
