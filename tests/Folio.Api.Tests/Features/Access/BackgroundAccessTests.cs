using Folio.Api.Infrastructure.Access;
using Folio.Retrieval.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Folio.Api.Tests.Features.Access;

/// <summary>Work outside a request (a queued job) sees no collection while keys are on, unless it acts for a caller's collections.</summary>
public sealed class BackgroundAccessTests : IDisposable
{
    private readonly FolioApiFactory _factory = new();

    [Fact]
    public async Task Outside_a_request_nothing_is_visible_until_acting_for_a_callers_collections()
    {
        using var host = _factory.WithWebHostBuilder(builder => builder.UseSetting("Auth:AdminKey", AccessHost.AdminKey));
        using var client = host.CreateClient();
        var access = host.Services.GetRequiredService<ICollectionAccess>();

        var outside = access.Collections;
        IReadOnlySet<string>? acting;
        using (CallerCollectionAccess.ActAs(new HashSet<string> { "alpha" }))
        {
            // Flows into awaited work, as a job's steps would.
            await Task.Yield();
            acting = access.Collections;
        }

        Assert.NotNull(outside);
        Assert.Empty(outside);
        Assert.Equal(["alpha"], acting!);
        Assert.Empty(access.Collections!);
    }

    public void Dispose() => _factory.Dispose();
}
