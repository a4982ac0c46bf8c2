using GraphQL;
using GraphQL.Execution;

namespace CarbonRegistry.Api.Http;

/// <summary>
/// How errors are serialized: the code, and never exception details or stack traces. The input
/// field at fault and whether a retry may succeed go at the top level of <c>extensions</c>
/// (<c>field</c>, <c>retriable</c>), where clients look first, and stay in <c>extensions.data</c>
/// for the clients written against it.
/// </summary>
internal sealed class RegistryErrorInfoProvider() : ErrorInfoProvider(options =>
{
    options.ExposeData = true;
    options.ExposeExceptionDetails = false;
})
{
    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = base.GetInfo(executionError);
        if (info.Extensions is { } extensions)
        {
            foreach (var key in new[] { "field", "retriable" })
            {
                if (executionError.Data.Contains(key))
                {
                    extensions[key] = executionError.Data[key];
                }
            }
        }

        return info;
    }
}
