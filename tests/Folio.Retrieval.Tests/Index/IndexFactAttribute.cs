using Xunit.Sdk;

namespace Folio.Retrieval.Tests.Index;

/// <summary>
/// A fact of the contract suite. xunit 2 gives an inherited test the attribute of the abstract base, so a
/// static <c>Skip</c> cannot tell the subclasses apart; this attribute's discoverer looks at the concrete
/// class instead and skips when its <see cref="RequiresEnvironmentVariableAttribute"/> variable is unset.
/// </summary>
[XunitTestCaseDiscoverer("Folio.Retrieval.Tests.Index.IndexFactDiscoverer", "Folio.Retrieval.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class IndexFactAttribute : FactAttribute;
