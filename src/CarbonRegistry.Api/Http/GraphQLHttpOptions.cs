namespace CarbonRegistry.Api.Http;

/// <summary>Limits of the HTTP transport, bound from the <c>GraphQL</c> section.</summary>
public sealed class GraphQLHttpOptions
{
    public const string Section = "GraphQL";

    /// <summary>Largest request body accepted, bytes (a batch of 1,000 reports fits).</summary>
    public long MaxRequestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Deepest selection accepted (the standard introspection query needs 13).</summary>
    public int MaxDepth { get; set; } = 15;

    /// <summary>Highest complexity accepted (GraphQL.NET's estimate: fields weighted by list sizes).</summary>
    public int MaxComplexity { get; set; } = 50_000;

    /// <summary>How long a WebSocket may stay open without <c>connection_init</c> (then 4408).</summary>
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages queued for one WebSocket at most; subscriptions wait while it is half full.</summary>
    public int WebSocketOutboxCapacity { get; set; } = 1_000;

    /// <summary>A JSON file of persisted documents (id → document), or null (see <see cref="Http.PersistedDocuments"/>).</summary>
    public string? PersistedDocuments { get; set; }

    /// <summary>Run persisted documents only: a request that sends a document's text is refused.</summary>
    public bool OnlyPersistedDocuments { get; set; }

    /// <summary>How long a subscription waits for its client to make room before the client counts as too slow and is closed (1008).</summary>
    public TimeSpan SlowConsumerTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
