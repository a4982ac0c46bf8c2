using System.Text.Json;
using CarbonRegistry.Api.Auth;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CarbonRegistry.Api.Http;

/// <summary>
/// GraphQL over HTTP (the GraphQL-over-HTTP draft): POST with <c>application/json</c>, GET for
/// queries only; the response type chosen by <c>Accept</c> between
/// <c>application/graphql-response+json</c> (when asked for; request errors are 400) and legacy
/// <c>application/json</c> (for no Accept or a wildcard; always 200 for a well-formed request). 401 without a valid bearer
/// token, 405 for other methods and for a mutation by GET, 406 for an Accept that allows neither,
/// 413 over the body limit, 415 for another content type.
/// </summary>
public sealed class GraphQLHttpEndpoint(
    ISchema schema,
    IDocumentExecuter executer,
    IGraphQLTextSerializer serializer,
    IGrainFactory grains,
    IOptions<GraphQLHttpOptions> options,
    PersistedDocuments persisted,
    ILogger<GraphQLHttpEndpoint> logger)
{
    public const string GraphQLResponseJson = "application/graphql-response+json";
    public const string Json = "application/json";

    public async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var isGet = HttpMethods.IsGet(request.Method);
        if (!isGet && !HttpMethods.IsPost(request.Method))
        {
            http.Response.Headers.Allow = "GET, POST";
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var responseType = Negotiate(request.Headers.Accept);
        if (responseType is null)
        {
            http.Response.StatusCode = StatusCodes.Status406NotAcceptable;
            return;
        }

        if (http.User.Identity?.IsAuthenticated != true)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteErrorAsync(http, responseType, StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", "A valid bearer token is required.");
            return;
        }

        GraphQLRequest? graphQLRequest;
        if (isGet)
        {
            try
            {
                graphQLRequest = ReadQueryString(request.Query);
            }
            catch (BadParameterException error)
            {
                await WriteErrorAsync(http, responseType, StatusCodes.Status400BadRequest, "BAD_REQUEST", error.Message);
                return;
            }
        }
        else
        {
            if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !contentType.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase))
            {
                await WriteErrorAsync(http, responseType, StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "POST bodies must be application/json.");
                return;
            }

            if (request.ContentLength > options.Value.MaxRequestBytes)
            {
                await WriteErrorAsync(http, responseType, StatusCodes.Status413PayloadTooLarge, "REQUEST_TOO_LARGE", $"The body exceeds {options.Value.MaxRequestBytes} bytes.");
                return;
            }

            try
            {
                graphQLRequest = await serializer.ReadAsync<GraphQLRequest>(new LimitedStream(request.Body, options.Value.MaxRequestBytes), http.RequestAborted);
            }
            catch (LimitedStream.TooLargeException)
            {
                await WriteErrorAsync(http, responseType, StatusCodes.Status413PayloadTooLarge, "REQUEST_TOO_LARGE", $"The body exceeds {options.Value.MaxRequestBytes} bytes.");
                return;
            }
            catch (Exception error) when (error is JsonException or FormatException or InvalidOperationException)
            {
                // The serializer's message names our types: say what is wrong in the client's terms.
                await WriteErrorAsync(http, responseType, StatusCodes.Status400BadRequest, "BAD_REQUEST", "The body is not a GraphQL request: a JSON object with a string 'query' and, if present, object 'variables' and 'extensions'" + Where(error) + ".");
                return;
            }
        }

        if (graphQLRequest is not null)
        {
            var (resolved, code, message) = persisted.Resolve(graphQLRequest, graphQLRequest.DocumentId);
            if (code is not null)
            {
                await WriteErrorAsync(http, responseType, code == "PERSISTED_DOCUMENT_NOT_FOUND" ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, code, message!);
                return;
            }

            graphQLRequest = resolved;
        }

        if (graphQLRequest is null || string.IsNullOrWhiteSpace(graphQLRequest.Query))
        {
            await WriteErrorAsync(http, responseType, StatusCodes.Status400BadRequest, "BAD_REQUEST", "The request has no query.");
            return;
        }

        if (isGet && IsMutation(graphQLRequest.Query, graphQLRequest.OperationName))
        {
            http.Response.Headers.Allow = "POST";
            await WriteErrorAsync(http, responseType, StatusCodes.Status405MethodNotAllowed, "METHOD_NOT_ALLOWED", "Mutations must be sent with POST.");
            return;
        }

        var execution = RegistryExecution.Options(schema, graphQLRequest, http, new Caller(http.User, grains), options.Value, logger, http.RequestAborted);
        var result = await executer.ExecuteAsync(execution);

        // A document that could not be parsed or validated was not executed: a request error.
        var status = !result.Executed && responseType == GraphQLResponseJson ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
        http.Response.StatusCode = status;
        http.Response.ContentType = responseType + "; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    /// <summary>The media type to answer with, or null when Accept allows neither.</summary>
    internal static string? Negotiate(Microsoft.Extensions.Primitives.StringValues accept)
    {
        if (accept.Count == 0)
        {
            return Json;
        }

        if (!MediaTypeHeaderValue.TryParseList(accept, out var types))
        {
            return Json;
        }

        string? best = null;
        double bestQuality = 0;
        foreach (var type in types)
        {
            var quality = type.Quality ?? 1;
            var candidate = type.MediaType.Value?.ToLowerInvariant() switch
            {
                GraphQLResponseJson => GraphQLResponseJson,
                Json => Json,
                // A client that accepts anything gets the legacy type it surely understands (the spec's SHOULD).
                "application/*" or "*/*" => Json,
                _ => null,
            };
            if (candidate is not null && quality > 0 && (quality > bestQuality || (quality == bestQuality && candidate == GraphQLResponseJson)))
            {
                (best, bestQuality) = (candidate, quality);
            }
        }

        return best;
    }

    private GraphQLRequest ReadQueryString(IQueryCollection query) => new()
    {
        Query = query["query"].FirstOrDefault(),
        DocumentId = query["documentId"].FirstOrDefault(),
        OperationName = query["operationName"].FirstOrDefault(),
        Variables = ReadObjectParameter(query, "variables"),
        Extensions = ReadObjectParameter(query, "extensions"),
    };

    /// <summary>A query-string parameter that holds a JSON object, or null when it is absent or empty; anything else (a list, a string, broken JSON) is refused by the reader.</summary>
    private Inputs? ReadObjectParameter(IQueryCollection query, string name)
    {
        if (query[name].FirstOrDefault() is not { Length: > 0 } text)
        {
            return null;
        }

        try
        {
            return serializer.Deserialize<Inputs>(text);
        }
        catch (Exception error) when (error is JsonException or FormatException or InvalidOperationException)
        {
            throw new BadParameterException($"The '{name}' parameter is not a JSON object" + Where(error) + ".");
        }
    }

    /// <summary>Where the JSON went wrong, when the reader knows.</summary>
    private static string Where(Exception error) =>
        error is JsonException { LineNumber: { } line, BytePositionInLine: { } position } ? $" (line {line + 1}, byte {position + 1})" : "";

    private sealed class BadParameterException(string message) : Exception(message);

    private static bool IsMutation(string query, string? operationName)
    {
        try
        {
            var document = GraphQLParser.Parser.Parse(query);
            var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
            var operation = operationName is null
                ? operations.Count == 1 ? operations[0] : null
                : operations.FirstOrDefault(o => o.Name?.StringValue == operationName);
            return operation?.Operation == OperationType.Mutation;
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException)
        {
            // The executor reports the syntax error.
            return false;
        }
    }

    private async Task WriteErrorAsync(HttpContext http, string responseType, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = responseType + "; charset=utf-8";
        var result = new ExecutionResult { Executed = false };
        result.AddError(new ExecutionError(message) { Code = code });
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }
}
