using System.Text.Json;
using Folio.Api.Infrastructure;
using Folio.Retrieval.Index;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Folio.Api.Tests.Infrastructure;

/// <summary>Errors from the index's dependencies become typed answers, and a client that went away is not logged as an error.</summary>
public sealed class ProblemExceptionHandlerTests
{
    [Fact]
    public async Task A_search_interrupted_because_the_client_went_away_is_a_499_and_no_error_is_logged()
    {
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        var (status, body, logged) = await HandleAsync(new SqliteException("interrupted", 9), aborted.Token);

        Assert.Equal(499, status);
        Assert.Equal(default, body.ValueKind);
        Assert.DoesNotContain(logged, level => level >= LogLevel.Error);
    }

    [Fact]
    public async Task An_interrupted_query_while_the_client_is_still_there_stays_an_unexpected_error()
    {
        var (status, body, logged) = await HandleAsync(new SqliteException("interrupted", 9), CancellationToken.None);

        Assert.Equal(500, status);
        Assert.Equal("internal_error", body.GetProperty("errorCode").GetString());
        Assert.Contains(LogLevel.Error, logged);
    }

    [Fact]
    public async Task A_Qdrant_error_other_than_unavailable_is_a_502_dependency_failed()
    {
        var (status, body, logged) = await HandleAsync(new ChunkIndexFailedException("Qdrant answered InvalidArgument: bad filter"), CancellationToken.None);

        Assert.Equal(502, status);
        Assert.Equal("dependency_failed", body.GetProperty("errorCode").GetString());
        Assert.DoesNotContain("InvalidArgument", body.ToString());
        Assert.DoesNotContain(logged, level => level >= LogLevel.Error);
    }

    private static async Task<(int Status, JsonElement Body, List<LogLevel> Logged)> HandleAsync(Exception exception, CancellationToken requestAborted)
    {
        var services = new ServiceCollection().AddLogging().AddFolioErrors().BuildServiceProvider();
        var logger = new RecordingLogger();
        var handler = new ProblemExceptionHandler(services.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>(), logger);
        var context = new DefaultHttpContext { RequestServices = services, RequestAborted = requestAborted };
        context.Request.Path = "/v1/search";
        context.Response.Body = new MemoryStream();

        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));

        context.Response.Body.Position = 0;
        var body = context.Response.Body.Length > 0 ? (await JsonDocument.ParseAsync(context.Response.Body, cancellationToken: CancellationToken.None)).RootElement.Clone() : default;
        return (context.Response.StatusCode, body, logger.Levels);
    }

    private sealed class RecordingLogger : ILogger<ProblemExceptionHandler>
    {
        public List<LogLevel> Levels { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) => Levels.Add(logLevel);
    }
}
