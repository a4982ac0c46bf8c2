using GraphQL;
using GraphQL.DI;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;

namespace CarbonRegistry.Api.Http;

/// <summary>
/// Bounds on a document, checked in one linear walk after parsing and before validation, whose
/// rules (overlapping fields above all) cost time in the square of what a document holds: a
/// hostile document is refused in milliseconds, with a stable code, instead of costing seconds of
/// CPU. Counted: the document's length, its selections with every fragment spread expanded (which
/// also bounds a fragment fan-out), its aliases and fragment definitions, the directives at any one
/// location, and fragment cycles. A document from <see cref="DocumentCache"/> has passed already.
/// </summary>
internal sealed class DocumentLimits : IConfigureExecution
{
    /// <summary>Most characters of a document.</summary>
    public const int MaxLength = 32 * 1024;

    /// <summary>Most selections (fields, spreads and inline fragments), with every fragment expanded where it is spread.</summary>
    public const int MaxSelections = 5_000;

    /// <summary>Most aliased fields written in a document.</summary>
    public const int MaxAliases = 500;

    /// <summary>Most fragment definitions of a document.</summary>
    public const int MaxFragments = 200;

    /// <summary>Most directives at one location.</summary>
    public const int MaxDirectives = 5;

    private static readonly ParserOptions s_parser = new() { Ignore = IgnoreOptions.Comments };

    /// <summary>After the cache (a hit is a document that passed), before GraphQL.NET parses.</summary>
    public float SortOrder => 300;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Document is not null || options.Query is not { } query)
        {
            return await next(options);
        }

        if (query.Length > MaxLength)
        {
            return Refused("DOCUMENT_TOO_LARGE", $"The document has {query.Length} characters; at most {MaxLength} are accepted.");
        }

        GraphQLDocument document;
        try
        {
            document = Parser.Parse(query, s_parser);
        }
        catch (GraphQLParserException)
        {
            return await next(options); // GraphQL.NET reports syntax errors the usual way.
        }

        try
        {
            new Walk(document).Check();
        }
        catch (LimitExceededException limit)
        {
            return Refused(limit.Code, limit.Message);
        }

        options.Document = document;
        return await next(options);
    }

    private static ExecutionResult Refused(string code, string message) => new()
    {
        Executed = false,
        Errors = [new ExecutionError(message) { Code = code }],
    };

    private sealed class Walk(GraphQLDocument document)
    {
        private readonly Dictionary<string, GraphQLFragmentDefinition> _fragments = [];
        private readonly Dictionary<string, long> _sizes = [];
        private readonly HashSet<string> _expanding = [];
        private int _aliases;

        public void Check()
        {
            foreach (var fragment in document.Definitions.OfType<GraphQLFragmentDefinition>())
            {
                _fragments.TryAdd(fragment.FragmentName.Name.StringValue, fragment);
            }

            if (_fragments.Count > MaxFragments)
            {
                throw new LimitExceededException("TOO_MANY_FRAGMENTS", $"The document defines {_fragments.Count} fragments; at most {MaxFragments} are accepted.");
            }

            long selections = 0;
            foreach (var definition in document.Definitions)
            {
                switch (definition)
                {
                    case GraphQLOperationDefinition operation:
                        CheckDirectives(operation.Directives);
                        foreach (var variable in operation.Variables?.Items ?? [])
                        {
                            CheckDirectives(variable.Directives);
                        }

                        selections = Bounded(selections + Size(operation.SelectionSet));
                        break;
                    case GraphQLFragmentDefinition fragment:
                        _ = FragmentSize(fragment.FragmentName.Name.StringValue); // Checked even if never spread.
                        break;
                }
            }

            if (selections > MaxSelections)
            {
                throw new LimitExceededException("TOO_MANY_SELECTIONS", $"The document selects more than {MaxSelections} fields with its fragments expanded.");
            }
        }

        private long Size(GraphQLSelectionSet? set)
        {
            long size = 0;
            foreach (var selection in set?.Selections ?? [])
            {
                size = Bounded(size + 1 + selection switch
                {
                    GraphQLField field => Field(field),
                    GraphQLFragmentSpread spread => Spread(spread),
                    GraphQLInlineFragment inline => Inline(inline),
                    _ => 0,
                });
            }

            return size;
        }

        private long Field(GraphQLField field)
        {
            CheckDirectives(field.Directives);
            if (field.Alias is not null && ++_aliases > MaxAliases)
            {
                throw new LimitExceededException("TOO_MANY_ALIASES", $"The document has more than {MaxAliases} aliases.");
            }

            return Size(field.SelectionSet);
        }

        private long Spread(GraphQLFragmentSpread spread)
        {
            CheckDirectives(spread.Directives);
            return FragmentSize(spread.FragmentName.Name.StringValue);
        }

        private long Inline(GraphQLInlineFragment inline)
        {
            CheckDirectives(inline.Directives);
            return Size(inline.SelectionSet);
        }

        /// <summary>A fragment's selections, expanded, computed once; an unknown fragment is left to validation.</summary>
        private long FragmentSize(string name)
        {
            if (_sizes.TryGetValue(name, out var known))
            {
                return known;
            }

            if (!_fragments.TryGetValue(name, out var fragment))
            {
                return 0;
            }

            if (!_expanding.Add(name))
            {
                throw new LimitExceededException("FRAGMENT_CYCLE", $"Fragment '{name}' spreads itself, directly or through other fragments.");
            }

            CheckDirectives(fragment.Directives);
            var size = Size(fragment.SelectionSet);
            _expanding.Remove(name);
            _sizes[name] = size;
            return size;
        }

        private static void CheckDirectives(GraphQLDirectives? directives)
        {
            if (directives is { Count: > MaxDirectives })
            {
                throw new LimitExceededException("TOO_MANY_DIRECTIVES", $"{directives.Count} directives at one location; at most {MaxDirectives} are accepted.");
            }
        }

        /// <summary>Sizes stop growing past the limit, so a fan-out of fragments cannot overflow.</summary>
        private static long Bounded(long size) => Math.Min(size, MaxSelections + 1L);
    }

    private sealed class LimitExceededException(string code, string message) : Exception(message)
    {
        public string Code { get; } = code;
    }
}
