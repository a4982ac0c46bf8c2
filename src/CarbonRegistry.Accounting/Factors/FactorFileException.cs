using CarbonRegistry.Accounting.Errors;

namespace CarbonRegistry.Accounting.Factors;

/// <summary>A factor file that cannot be used. The message names the file and the key at fault.</summary>
public sealed class FactorFileException : Exception
{
    /// <summary>Creates the error for <paramref name="file"/> at <paramref name="key"/>.</summary>
    public FactorFileException(string file, string key, string problem)
        : base($"{file}: {key}: {problem}")
    {
        File = file;
        Key = key;
    }

    /// <summary>Always <see cref="AccountingErrorCode.FactorFileNotValid"/>.</summary>
    public static string Code => AccountingErrorCode.FactorFileNotValid;

    /// <summary>The file, relative to the factor directory.</summary>
    public string File { get; }

    /// <summary>The JSON path of the offending key, e.g. <c>electricity.grid.national.value</c>.</summary>
    public string Key { get; }
}
