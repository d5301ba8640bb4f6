using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Folio.Generation.Tests.OpenAI;

/// <summary>
/// A small OpenAI-compatible server on loopback: <c>POST /v1/chat/completions</c> answered as a JSON completion, or as
/// Server-Sent Events when the request says <c>"stream": true</c>. Each request's number (from 1) picks what happens:
/// <see cref="Failures"/> gives a status code to answer instead, <see cref="Hang"/> makes it never answer.
/// </summary>
internal sealed class ChatCompletionsServer : IAsyncDisposable
{
    public const string Model = "tiny-remote";

    private readonly WebApplication _app;
    private int _requests;

    private ChatCompletionsServer(WebApplication app) => _app = app;

    /// <summary>The words of the answer; streamed one per event.</summary>
    public string[] Words { get; init; } = ["Hello", " from", " the", " server"];

    /// <summary>Status codes for the first requests, in order (e.g. 429 then success).</summary>
    public int[] Failures { get; init; } = [];

    /// <summary>Never answer (until the client gives up).</summary>
    public bool Hang { get; init; }

    public Uri Endpoint => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/v1");

    public int Requests => _requests;

    /// <summary>The JSON bodies received, in order.</summary>
    public List<JsonObject> Bodies { get; } = [];

    /// <summary>The Authorization headers received, in order.</summary>
    public List<string> Authorizations { get; } = [];

    public static async Task<ChatCompletionsServer> StartAsync(string[]? words = null, int[]? failures = null, bool hang = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ChatCompletionsServer(app) { Words = words ?? ["Hello", " from", " the", " server"], Failures = failures ?? [], Hang = hang };
        app.MapPost("/v1/chat/completions", server.AnswerAsync);
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task AnswerAsync(HttpContext context)
    {
        var attempt = Interlocked.Increment(ref _requests);
        var body = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();
        lock (Bodies)
        {
            Bodies.Add(body);
            Authorizations.Add(context.Request.Headers.Authorization.ToString());
        }

        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }

        if (attempt <= Failures.Length)
        {
            context.Response.StatusCode = Failures[attempt - 1];
            await context.Response.WriteAsJsonAsync(new { error = new { message = "scripted failure", type = "server_error" } });
            return;
        }

        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var usage = new JsonObject { ["prompt_tokens"] = 7, ["completion_tokens"] = Words.Length, ["total_tokens"] = 7 + Words.Length };
        if (body["stream"]?.GetValue<bool>() != true)
        {
            await context.Response.WriteAsync(new JsonObject
            {
                ["id"] = "chatcmpl-1",
                ["object"] = "chat.completion",
                ["created"] = created,
                ["model"] = Model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = string.Concat(Words) },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = usage,
            }.ToJsonString(), context.RequestAborted);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        var events = Words.Select((word, i) => Chunk(created, i == 0 ? new JsonObject { ["role"] = "assistant", ["content"] = word } : new JsonObject { ["content"] = word }, null, null))
            .Append(Chunk(created, new JsonObject(), "stop", null))
            .Append(Chunk(created, null, null, usage));
        foreach (var data in events)
        {
            await context.Response.WriteAsync($"data: {data}\n\n", Encoding.UTF8, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    /// <summary>One <c>chat.completion.chunk</c>; the usage chunk has no choices (as with <c>stream_options.include_usage</c>).</summary>
    private static string Chunk(long created, JsonObject? delta, string? finishReason, JsonObject? usage)
    {
        var chunk = new JsonObject
        {
            ["id"] = "chatcmpl-1",
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = Model,
            ["choices"] = delta is null ? new JsonArray() : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
        };
        if (usage is not null)
        {
            chunk["usage"] = usage;
        }

        return chunk.ToJsonString();
    }
}
