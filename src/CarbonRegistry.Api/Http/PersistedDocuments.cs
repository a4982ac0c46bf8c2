using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GraphQL.Transport;

namespace CarbonRegistry.Api.Http;

/// <summary>
/// An optional allow-list of persisted documents (the GraphQL-over-HTTP draft appendix): a request
/// may name a document by <c>documentId</c> (<c>sha256:&lt;hex of the document's UTF-8&gt;</c>)
/// instead of sending its text, and with <see cref="GraphQLHttpOptions.OnlyPersistedDocuments"/>
/// nothing else runs. The file (<see cref="GraphQLHttpOptions.PersistedDocuments"/>) is a JSON
/// object of id → document; every id is checked against its document's hash at start-up.
/// </summary>
public sealed class PersistedDocuments
{
    private const string Prefix = "sha256:";
    private readonly Dictionary<string, string> _byId;
    private readonly bool _only;

    private PersistedDocuments(Dictionary<string, string> byId, bool only) => (_byId, _only) = (byId, only);

    /// <summary>No allow-list: every request carries its document's text.</summary>
    public static PersistedDocuments None { get; } = new([], false);

    /// <summary>How many documents the list holds.</summary>
    public int Count => _byId.Count;

    /// <summary>The id of <paramref name="document"/>: <c>sha256:</c> and the lowercase hex of its UTF-8 bytes' hash.</summary>
    public static string IdOf(string document) => Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

    /// <summary>The allow-list the options name, or <see cref="None"/>; a file that is unreadable or whose ids do not match their documents stops the start.</summary>
    public static PersistedDocuments Load(GraphQLHttpOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.PersistedDocuments))
        {
            return options.OnlyPersistedDocuments
                ? throw new InvalidOperationException("GraphQL:OnlyPersistedDocuments is set, but GraphQL:PersistedDocuments names no file of documents.")
                : None;
        }

        var documents = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(options.PersistedDocuments))
            ?? throw new InvalidOperationException($"{options.PersistedDocuments} holds no documents.");
        foreach (var (id, document) in documents.Where(pair => pair.Key != IdOf(pair.Value)))
        {
            throw new InvalidOperationException($"{options.PersistedDocuments}: '{id}' is not the id of its document ({IdOf(document)}); ids are sha256: and the hex of the document's UTF-8 bytes.");
        }

        return new PersistedDocuments(documents, options.OnlyPersistedDocuments);
    }

    /// <summary>
    /// The request with its document: the text of a known <paramref name="documentId"/>, or the
    /// request as sent. Returns an error code and message when the id is malformed or unknown, or
    /// when only persisted documents may run and the request sent text.
    /// </summary>
    public (GraphQLRequest? Request, string? Code, string? Message) Resolve(GraphQLRequest request, string? documentId)
    {
        if (documentId is null)
        {
            return _only
                ? (null, "PERSISTED_DOCUMENT_REQUIRED", "This server runs persisted documents only: send documentId instead of the query.")
                : (request, null, null);
        }

        if (request.Query is not null)
        {
            return (null, "BAD_REQUEST", "Send either documentId or query, not both.");
        }

        if (!documentId.StartsWith(Prefix, StringComparison.Ordinal) || documentId.Length != Prefix.Length + 64)
        {
            return (null, "INVALID_DOCUMENT_ID", $"documentId '{documentId}' is not sha256: and 64 hex digits.");
        }

        return _byId.TryGetValue(documentId.ToLowerInvariant(), out var document)
            ? (new GraphQLRequest { Query = document, OperationName = request.OperationName, Variables = request.Variables, Extensions = request.Extensions }, null, null)
            : (null, "PERSISTED_DOCUMENT_NOT_FOUND", $"documentId '{documentId}' is not a persisted document of this server.");
    }
}
