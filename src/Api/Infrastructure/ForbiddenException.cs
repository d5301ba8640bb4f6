namespace Folio.Api.Infrastructure;

/// <summary>The caller's key may not do this (a scope it lacks, a collection it may not grant); becomes a 403 <c>forbidden</c>.</summary>
internal sealed class ForbiddenException(string message) : Exception(message);
