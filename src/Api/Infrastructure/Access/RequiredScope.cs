namespace Folio.Api.Infrastructure.Access;

/// <summary>Endpoint metadata: the scope a key needs for the route. Without it, GET and HEAD need read and anything else write.</summary>
public sealed record RequiredScope(KeyScope Scope)
{
    public static KeyScope Of(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>()?.Scope
        ?? (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) ? KeyScope.Read : KeyScope.Write);
}

/// <summary>Declares the scope a route needs (<see cref="RequiredScope"/>).</summary>
public static class RequiredScopeExtensions
{
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, KeyScope scope) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredScope(scope));
}
