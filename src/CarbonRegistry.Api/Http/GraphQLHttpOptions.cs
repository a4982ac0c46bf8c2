namespace CarbonRegistry.Api.Http;

/// <summary>Limits of the HTTP transport, bound from the <c>GraphQL</c> section.</summary>
public sealed class GraphQLHttpOptions
{
    public const string Section = "GraphQL";

    /// <summary>Largest request body accepted, bytes (a batch of 1,000 reports fits).</summary>
    public long MaxRequestBytes { get; set; } = 4 * 1024 * 1024;
}
