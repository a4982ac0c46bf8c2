using System.Collections.Concurrent;
using GraphQL;
using GraphQL.DI;
using GraphQLParser.AST;

namespace CarbonRegistry.Api.Http;

/// <summary>
/// Keeps parsed and validated documents by query text and operation name, so a repeated query
/// (dashboards repeat theirs) skips parsing and validation. Only a document whose execution passed
/// validation is kept. A hit runs only <see cref="ExecutionOptions.CachedDocumentValidationRules"/>
/// (depth and complexity; the specification's rules have passed for this operation), and only when
/// the document's complexity can change with its variables (<see cref="ComplexityReadsVariables"/>):
/// the same document with the same literals has the same depth and complexity. Variable values
/// and authorization are still checked on every request. This is what GraphQL.NET's own memory
/// cache does, which is not served here. Bounded in count and query size.
/// </summary>
internal sealed class DocumentCache : IConfigureExecution
{
    private const int MaxDocuments = 2_000;
    private const int MaxQueryLength = 16 * 1024;
    private readonly ConcurrentDictionary<(string Query, string? OperationName), Cached> _documents = new();

    public float SortOrder => 200;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Document is not null || options.Query is not { Length: <= MaxQueryLength } query)
        {
            return await next(options);
        }

        var key = (query, options.OperationName);
        if (_documents.TryGetValue(key, out var cached))
        {
            options.Document = cached.Document;
            options.ValidationRules = cached.ComplexityReadsVariables ? options.CachedDocumentValidationRules ?? [] : [];
            return await next(options);
        }

        var result = await next(options);
        if (result.Executed && result.Document is { } parsed && _documents.Count < MaxDocuments)
        {
            _documents.TryAdd(key, new Cached(parsed, ComplexityReadsVariables(parsed)));
        }

        return result;
    }

    /// <summary>
    /// Whether the complexity of <paramref name="document"/> may differ from one set of variables to
    /// the next. GraphQL.NET's default field impact, which every field of the schema uses (a test
    /// holds the schema to it), reads only the <c>first</c> and <c>last</c> arguments; and a
    /// directive such as <c>@include(if: $x)</c> may take fields in or out. So the answer is yes
    /// when a variable is the value of a <c>first</c> or <c>last</c> argument, or of any directive
    /// argument, anywhere in the document.
    /// </summary>
    private static bool ComplexityReadsVariables(GraphQLDocument document) =>
        document.Definitions.Any(definition => definition switch
        {
            GraphQLOperationDefinition operation => ReadsVariables(operation.Directives) || ReadsVariables(operation.SelectionSet),
            GraphQLFragmentDefinition fragment => ReadsVariables(fragment.Directives) || ReadsVariables(fragment.SelectionSet),
            _ => false,
        });

    private static bool ReadsVariables(GraphQLSelectionSet? selections) =>
        selections is not null && selections.Selections.Any(selection => selection switch
        {
            GraphQLField field => ReadsVariables(field.Directives)
                || (field.Arguments?.Items.Any(argument => IsListSize(argument.Name) && ContainsVariable(argument.Value)) ?? false)
                || ReadsVariables(field.SelectionSet),
            GraphQLFragmentSpread spread => ReadsVariables(spread.Directives),
            GraphQLInlineFragment inline => ReadsVariables(inline.Directives) || ReadsVariables(inline.SelectionSet),
            _ => true,
        });

    private static bool IsListSize(GraphQLName name) => name == "first" || name == "last";

    private static bool ReadsVariables(GraphQLDirectives? directives) =>
        directives is not null && directives.Items.Any(directive => directive.Arguments?.Items.Any(argument => ContainsVariable(argument.Value)) ?? false);

    private static bool ContainsVariable(GraphQLValue value) => value switch
    {
        GraphQLVariable => true,
        GraphQLListValue list => list.Values?.Any(ContainsVariable) ?? false,
        GraphQLObjectValue item => item.Fields?.Any(field => ContainsVariable(field.Value)) ?? false,
        _ => false,
    };

    private sealed record Cached(GraphQLDocument Document, bool ComplexityReadsVariables);
}
