namespace CarbonRegistry.Accounting.Errors;

/// <summary>
/// A domain error the caller caused: bad input or missing reference data. It carries a stable
/// <see cref="Code"/> (see <see cref="AccountingErrorCode"/>) and, when known, the input field at fault.
/// </summary>
public sealed class AccountingException : Exception
{
    /// <summary>Creates a domain error.</summary>
    public AccountingException(string code, string message, string? field = null)
        : base(message)
    {
        Code = code;
        Field = field;
    }

    /// <summary>The stable error code.</summary>
    public string Code { get; }

    /// <summary>The path of the offending input field (e.g. <c>fuels[1].quantity</c>), if any.</summary>
    public string? Field { get; }
}
