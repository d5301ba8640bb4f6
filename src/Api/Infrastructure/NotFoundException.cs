namespace Folio.Api.Infrastructure;

/// <summary>An id that names nothing; becomes a 404 <c>not_found</c>.</summary>
internal sealed class NotFoundException(string what) : Exception($"{what} was not found.");
