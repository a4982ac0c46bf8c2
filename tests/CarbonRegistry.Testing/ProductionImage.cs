using System.Text.RegularExpressions;

namespace CarbonRegistry.Testing;

/// <summary>What the production image (the repository's Dockerfile) sets for the .NET runtime.</summary>
public static partial class ProductionImage
{
    /// <summary>
    /// The <c>DOTNET_*</c> variables of the Dockerfile's <c>ENV</c> instructions: runtime settings
    /// that only the environment can carry (the GC's gen0 budget has no runtimeconfig knob).
    /// Benchmarks give them to the server process so that their figures are the image's.
    /// </summary>
    public static IReadOnlyDictionary<string, string> RuntimeEnvironment()
    {
        var dockerfile = File.ReadAllText(Path.Combine(ServerProcess.RepositoryRoot(), "Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal);
        return dockerfile.Split('\n')
            .Where(line => line.StartsWith("ENV ", StringComparison.Ordinal))
            .SelectMany(line => Assignment().Matches(line))
            .Where(match => match.Groups["name"].Value.StartsWith("DOTNET_", StringComparison.Ordinal))
            .ToDictionary(match => match.Groups["name"].Value, match => match.Groups["value"].Value);
    }

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>\S+)")]
    private static partial Regex Assignment();
}
