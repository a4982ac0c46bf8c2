namespace CarbonRegistry.Abstractions.Ledger;

/// <summary>
/// The ledger streams of the project ledger, in the same ledger as the entities' (one sequence,
/// one feed): a stream per project (<c>project:&lt;id&gt;</c>) and per substitution source
/// (<c>source:&lt;id&gt;</c>). A colon cannot occur in an entity id, so the streams never meet.
/// </summary>
public static class LedgerStreamNames
{
    private const string ProjectPrefix = "project:", SourcePrefix = "source:";

    /// <summary>The stream of a project.</summary>
    public static string Project(string projectId) => ProjectPrefix + projectId;

    /// <summary>The stream of a substitution source.</summary>
    public static string Source(string sourceId) => SourcePrefix + sourceId;

    /// <summary>Whether <paramref name="stream"/> is a project's.</summary>
    public static bool IsProject(string stream) => stream.StartsWith(ProjectPrefix, StringComparison.Ordinal);

    /// <summary>The project id of a project stream.</summary>
    public static string ProjectId(string stream) => stream[ProjectPrefix.Length..];
}
