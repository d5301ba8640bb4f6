using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Folio.Api.Tests.Infrastructure;

/// <summary>Durations in configuration are checked at start-up: a negative or absurd one stops the host with the key's name.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Index:SaveDelay", "-00:00:01")]
    [InlineData("Index:QdrantTimeout", "00:00:00")]
    [InlineData("Ingestion:RetryDelay", "-00:00:02")]
    [InlineData("Ingestion:MaxWait", "3650.00:00:00")]
    [InlineData("Parsing:Timeout", "-00:02:00")]
    [InlineData("Batches:MinCompletionWindow", "00:00:00")]
    public void A_duration_out_of_range_stops_the_host_naming_the_key(string key, string value)
    {
        using var factory = new SettingFactory(key, value);

        var failure = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains(key.Split(':')[1], failure.ToString());
    }

    [Theory]
    [InlineData("Batches:WebhookSecret", "not-a-secret")]
    [InlineData("Batches:WebhookHosts:0", "hooks.example.com")]
    public void A_webhook_setting_without_a_valid_secret_stops_the_host_naming_the_key(string key, string value)
    {
        using var factory = new SettingFactory(key, value);

        var failure = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains(key.Split(':')[1], failure.ToString());
    }

    [Fact]
    public void Every_duration_option_has_a_positive_range()
    {
        var options = new[] { typeof(Folio.Extraction.ParsingOptions), typeof(Folio.Retrieval.Index.IndexOptions), typeof(Program) }
            .SelectMany(t => t.Assembly.GetTypes())
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) && t.GetField("Section") is { IsLiteral: true })
            .ToList();
        var durations = options.SelectMany(t => t.GetProperties()).Where(p => p.PropertyType == typeof(TimeSpan) && p.CanWrite).ToList();

        Assert.NotEmpty(durations);
        foreach (var property in durations)
        {
            var range = property.GetCustomAttribute<RangeAttribute>();
            Assert.True(range is not null, $"{property.DeclaringType!.Name}.{property.Name} has no [Range]");
            Assert.True(range.IsValid(TimeSpan.FromMilliseconds(10)) || range.IsValid(TimeSpan.FromSeconds(1)), $"{property.DeclaringType!.Name}.{property.Name}");
            Assert.False(range.IsValid(TimeSpan.Zero), $"{property.DeclaringType!.Name}.{property.Name} accepts zero");
            Assert.False(range.IsValid(TimeSpan.FromDays(2)), $"{property.DeclaringType!.Name}.{property.Name} accepts two days");
        }
    }

    private sealed class SettingFactory(string key, string value) : WebApplicationFactory<Program>
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "folio-options-" + Guid.NewGuid().ToString("N"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Storage:DataFolder", _folder);
            builder.UseSetting(key, value);
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing && Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }
    }
}
