using System.Collections.Concurrent;
using GraphQL;
using GraphQL.DI;
using GraphQLParser.AST;

namespace CarbonRegistry.Api.Http;

/// <summary>
/// Keeps parsed and validated documents by query text and operation name, so a repeated query
/// (dashboards repeat theirs) skips parsing and validation. Only a document whose execution passed
/// validation is kept, and a hit runs only <see cref="ExecutionOptions.CachedDocumentValidationRules"/>
/// (depth and complexity, which may read variables; the specification's rules have passed for this
/// operation); variable values and authorization are still checked on every request. This is what
/// GraphQL.NET's own memory cache does, which is not served here. Bounded in count and query size.
/// </summary>
internal sealed class DocumentCache : IConfigureExecution
{
    private const int MaxDocuments = 2_000;
    private const int MaxQueryLength = 16 * 1024;
    private readonly ConcurrentDictionary<(string Query, string? OperationName), GraphQLDocument> _documents = new();

    public float SortOrder => 200;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Document is not null || options.Query is not { Length: <= MaxQueryLength } query)
        {
            return await next(options);
        }

        var key = (query, options.OperationName);
        if (_documents.TryGetValue(key, out var document))
        {
            options.Document = document;
            options.ValidationRules = options.CachedDocumentValidationRules ?? [];
            return await next(options);
        }

        var result = await next(options);
        if (result.Executed && result.Document is { } parsed && _documents.Count < MaxDocuments)
        {
            _documents.TryAdd(key, parsed);
        }

        return result;
    }
}
