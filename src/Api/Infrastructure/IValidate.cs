namespace Folio.Api.Infrastructure;

/// <summary>A request that can say what is wrong with itself; <see cref="ValidationBehaviour{TMessage, TResponse}"/> asks before the handler runs.</summary>
internal interface IValidate
{
    /// <summary>The problems, as (field, message) pairs; empty when valid.</summary>
    IEnumerable<(string Field, string Error)> Validate();
}
