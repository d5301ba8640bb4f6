using System.Reflection;
using System.Text.Json;
using Folio.Api.Infrastructure;
using Folio.Api.Infrastructure.Access;
using Folio.Generation.Plugin;
using Microsoft.SemanticKernel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Folio.Api.Features.Mcp;

/// <summary>
/// <c>/mcp</c>: the Model Context Protocol server (streamable HTTP) for remote agents. Its tools are
/// <see cref="FolioPlugin"/>'s functions — <c>search</c>, <c>ask</c>, <c>extract</c>, <c>list_documents</c> —
/// with the same names, descriptions, parameters and JSON results, so an agent sees one Folio in process and over MCP.
/// </summary>
public static class McpEndpoint
{
    public const string Route = "/mcp";

    public static IServiceCollection AddFolioMcp(this IServiceCollection services)
    {
        services.AddMcpServer(options => options.ServerInfo = new() { Name = "folio", Version = "1.0" }).WithHttpTransport()
            .WithRequestFilters(filters => filters.AddCallToolFilter(next => async (context, cancellationToken) =>
            {
                // Questions and extractions are limited and audited as over REST; the tool runs in the HTTP request's context, so its caller is known.
                var audited = context.Params?.Name switch { "ask" => AuditLog.Ask, "extract" => AuditLog.Extraction, _ => null };
                if (audited is null || context.Services?.GetService<IHttpContextAccessor>()?.HttpContext is not { } http)
                {
                    return await next(context, cancellationToken);
                }

                var request = http.RequestServices;
                using var lease = await request.GetRequiredService<GenerationConcurrency>().AcquireAsync(http, cancellationToken);
                if (!lease.IsAcquired)
                {
                    return ConcurrencyLimited;
                }

                await request.GetRequiredService<AuditLog>().RecordAsync(request.GetRequiredService<Caller>(), audited,
                    Argument(context.Params!, "collection"), Argument(context.Params!, "documentId"));
                return await next(context, cancellationToken);
            }));
        foreach (var method in typeof(FolioPlugin).GetMethods())
        {
            if (method.GetCustomAttribute<KernelFunctionAttribute>() is { Name: { } name })
            {
                // The MCP server collects every registered McpServerTool; each wraps the one plugin instance.
                services.AddSingleton(sp => McpServerTool.Create(method, sp.GetRequiredService<FolioPlugin>(),
                    new McpServerToolCreateOptions { Name = name, ReadOnly = true, Services = sp }));
            }
        }

        return services;
    }

    // The REST answer's errorCode, in the plugin's error shape ({"error":{"code","message"}}), so an agent reads it like any other tool error.
    private static CallToolResult ConcurrencyLimited => new()
    {
        IsError = true,
        Content = [new TextContentBlock
        {
            Text = JsonSerializer.Serialize(new { error = new { code = ErrorCodes.ConcurrencyLimited, message = "This caller already runs as many questions and extractions as its limit allows; retry when one finishes." } }),
        }],
    };

    // Read: the tools only read (an extraction reads a stored document); with keys on, a key sees its collections only.
    private static string? Argument(CallToolRequestParams call, string name) =>
        call.Arguments?.TryGetValue(name, out var value) == true && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static void Map(IEndpointRouteBuilder app) => app.MapMcp(Route).RequireScope(KeyScope.Read);
}
