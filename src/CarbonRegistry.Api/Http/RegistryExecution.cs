using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Api.Schema;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CarbonRegistry.Api.Http;

/// <summary>The execution options every transport uses: one caller, the same limits.</summary>
internal static class RegistryExecution
{
    public static ExecutionOptions Options(
        ISchema schema, GraphQLRequest request, HttpContext http, Caller caller, GraphQLHttpOptions limits, ILogger logger, CancellationToken cancellation, Func<CancellationToken, Task>? waitForRoom = null)
    {
        // Depth and complexity run on cached documents too (see DocumentCache): list sizes may
        // come from variables, which differ from one request to the next.
        var complexity = new ComplexityValidationRule(new ComplexityOptions { MaxDepth = limits.MaxDepth, MaxComplexity = limits.MaxComplexity });
        return new()
        {
            UnhandledExceptionDelegate = context => Unhandled(context, logger),
            Schema = schema,
            Query = request.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = http.RequestServices,
            UserContext = new RegistryUserContext(caller) { WaitForRoom = waitForRoom },
            CancellationToken = cancellation,
            ThrowOnUnhandledException = false,
            ValidationRules = DocumentValidator.CoreRules.Append(complexity),
            CachedDocumentValidationRules = [complexity],
        };
    }

    /// <summary>
    /// Errors no resolver turned into a GraphQL error: a domain error keeps its code (as in
    /// <see cref="Resolvers.Guard{T}"/>), a cluster failure becomes <c>UNAVAILABLE</c>
    /// and a database failure <c>STORAGE_UNAVAILABLE</c> (as in <see cref="Resolvers.Guard{T}"/>);
    /// anything else is logged and reported without details.
    /// </summary>
    private static Task Unhandled(GraphQL.Execution.UnhandledExceptionContext context, ILogger logger)
    {
        if (context.OriginalException is RegistryException domain)
        {
            context.Exception = Resolvers.ToGraphError(domain);
        }
        else if (Transient.ErrorFor(context.OriginalException) is { } retriable)
        {
            logger.LogWarning("Transient failure resolving {Field} ({Code}): {Error}", context.FieldContext?.FieldDefinition.Name, retriable.Code, context.OriginalException.Message);
            context.Exception = retriable;
        }
        else
        {
            logger.LogError(context.OriginalException, "Unhandled error resolving {Field}", context.FieldContext?.FieldDefinition.Name);
        }

        return Task.CompletedTask;
    }
}
