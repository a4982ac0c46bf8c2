namespace CarbonRegistry.Abstractions.Errors;

/// <summary>
/// A domain error the caller caused or may retry, with a stable <see cref="Code"/>. It crosses grain
/// calls intact (serialized by Orleans), so the API can put the code in <c>extensions.code</c>.
/// </summary>
[GenerateSerializer]
public sealed class RegistryException : Exception
{
    /// <summary>Creates a domain error.</summary>
    public RegistryException(string code, string message, string? field = null, bool retriable = false)
        : base(message)
    {
        Code = code;
        Field = field;
        Retriable = retriable;
    }

    /// <summary>The stable error code.</summary>
    [Id(0)] public string Code { get; }

    /// <summary>The input field at fault, if any.</summary>
    [Id(1)] public string? Field { get; }

    /// <summary>Whether the same request may succeed if retried (storage outage, conflict).</summary>
    [Id(2)] public bool Retriable { get; }
}
