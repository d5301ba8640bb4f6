using Xunit.Abstractions;
using Xunit.Sdk;

namespace Folio.Retrieval.Tests.Index;

/// <summary>A test case reported as skipped with a reason decided at discovery (serialisable, as xunit requires).</summary>
public sealed class SkippedTestCase : XunitTestCase
{
    private string _reason = "";

    /// <summary>For xunit's deserialisation only.</summary>
    [Obsolete("Called by the de-serializer", error: true)]
    public SkippedTestCase()
    {
    }

    /// <summary>Creates the case.</summary>
    public SkippedTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method, string reason)
        : base(sink, display, options, method)
    {
        _reason = reason;
    }

    /// <inheritdoc/>
    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("SkipReason", _reason);
    }

    /// <inheritdoc/>
    public override void Deserialize(IXunitSerializationInfo data)
    {
        _reason = data.GetValue<string>("SkipReason");
        base.Deserialize(data);
    }

    /// <inheritdoc/>
    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;
}
