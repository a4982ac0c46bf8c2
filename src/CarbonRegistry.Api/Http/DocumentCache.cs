using System.Collections.Concurrent;
using GraphQL;
using GraphQL.DI;
using GraphQLParser.AST;

namespace CarbonRegistry.Api.Http;

/// <summary>
/// Keeps parsed and validated documents by query text, so a repeated query (dashboards repeat
/// theirs) skips parsing and validation. Only documents that passed validation are kept (the
/// executor then applies <see cref="ExecutionOptions.CachedDocumentValidationRules"/>, empty by
/// default: the document-level rules, depth and complexity included, have already passed);
/// variables and authorization are still checked on every request. Bounded in count and query
/// size. (GraphQL.MemoryCache is not served here.)
/// </summary>
internal sealed class DocumentCache : IConfigureExecution
{
    private const int MaxDocuments = 2_000;
    private const int MaxQueryLength = 16 * 1024;
    private readonly ConcurrentDictionary<string, GraphQLDocument> _documents = new(StringComparer.Ordinal);

    public float SortOrder => 200;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Document is null && options.Query is { } cachedQuery && _documents.TryGetValue(cachedQuery, out var document))
        {
            options.Document = document;
            return await next(options);
        }

        var result = await next(options);
        if (result.Executed && options.Query is { Length: <= MaxQueryLength } query && result.Document is { } parsed && _documents.Count < MaxDocuments)
        {
            _documents.TryAdd(query, parsed);
        }

        return result;
    }
}
