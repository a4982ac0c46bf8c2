using CarbonRegistry.Api.Auth;
using CarbonRegistry.Api.Schema;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using Microsoft.AspNetCore.Http;

namespace CarbonRegistry.Api.Http;

/// <summary>The execution options every transport uses: one caller, the same limits.</summary>
internal static class RegistryExecution
{
    public static ExecutionOptions Options(
        ISchema schema, GraphQLRequest request, HttpContext http, Caller caller, GraphQLHttpOptions limits, CancellationToken cancellation, Func<CancellationToken, Task>? waitForRoom = null) => new()
        {
            Schema = schema,
            Query = request.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = http.RequestServices,
            UserContext = new RegistryUserContext(caller) { WaitForRoom = waitForRoom },
            CancellationToken = cancellation,
            ThrowOnUnhandledException = false,
            ValidationRules = DocumentValidator.CoreRules.Append(new ComplexityValidationRule(new ComplexityOptions
            {
                MaxDepth = limits.MaxDepth,
                MaxComplexity = limits.MaxComplexity,
            })),
        };
}
