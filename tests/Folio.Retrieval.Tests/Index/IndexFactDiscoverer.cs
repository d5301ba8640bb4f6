using Xunit.Abstractions;
using Xunit.Sdk;

namespace Folio.Retrieval.Tests.Index;

/// <summary>Discovers <see cref="IndexFactAttribute"/> tests, as skipped when the concrete class needs an unset environment variable.</summary>
public sealed class IndexFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    /// <inheritdoc/>
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var required = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresEnvironmentVariableAttribute))
            .Select(a => a.GetConstructorArguments().Single() as string)
            .FirstOrDefault(name => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name!)));
        yield return required is null
            ? new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)
            : new SkippedTestCase(diagnosticMessageSink, display, displayOptions, testMethod, $"{required} is not set: no server to test against.");
    }
}
