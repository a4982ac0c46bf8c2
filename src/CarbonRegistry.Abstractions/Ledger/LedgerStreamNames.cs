namespace CarbonRegistry.Abstractions.Ledger;

/// <summary>
/// The ledger streams of the project ledger, in the same ledger as the entities' (one sequence,
/// one feed): a stream per project (<c>project:&lt;id&gt;</c>) and per substitution source
/// (<c>source:&lt;id&gt;</c>), and one per entity and zero-carbon programme
/// (<c>programme:&lt;entity id&gt;:&lt;code&gt;</c>), per assessment (<c>assessment:&lt;scheme&gt;:&lt;year&gt;</c>)
/// per province's carbon budgets of a year (<c>budget:&lt;province&gt;:&lt;year&gt;</c>) and per
/// recalculation job (<c>recalculation:&lt;id&gt;</c>). A colon
/// cannot occur in an entity id, so the streams never meet.
/// </summary>
public static class LedgerStreamNames
{
    private const string ProjectPrefix = "project:", SourcePrefix = "source:", ProgrammePrefix = "programme:";

    /// <summary>The stream of a project.</summary>
    public static string Project(string projectId) => ProjectPrefix + projectId;

    /// <summary>The stream of a substitution source.</summary>
    public static string Source(string sourceId) => SourcePrefix + sourceId;

    /// <summary>The key of an entity's programme grain: <c>&lt;entity id&gt;:&lt;code&gt;</c>.</summary>
    public static string ProgrammeKey(string entityId, string programme) => $"{entityId}:{programme}";

    /// <summary>The entity id and programme code of a programme grain's key.</summary>
    public static (string EntityId, string Programme) ParseProgrammeKey(string key)
    {
        var colon = key.LastIndexOf(':');
        return (key[..colon], key[(colon + 1)..]);
    }

    /// <summary>The stream of an entity's programme, by its grain key.</summary>
    public static string Programme(string programmeKey) => ProgrammePrefix + programmeKey;

    /// <summary>The stream of an assessment, by its grain key <c>&lt;scheme&gt;:&lt;year&gt;</c>.</summary>
    public static string Assessment(string assessmentKey) => "assessment:" + assessmentKey;

    /// <summary>The stream of a province's carbon budgets of a year, by its grain key <c>&lt;province&gt;:&lt;year&gt;</c>.</summary>
    public static string Budget(string budgetKey) => "budget:" + budgetKey;

    /// <summary>The stream of a recalculation job, by its id.</summary>
    public static string Recalculation(string jobId) => "recalculation:" + jobId;

    /// <summary>Whether <paramref name="stream"/> is an entity's own (named by its id, which has no colon) rather than a stream of its own kind.</summary>
    public static bool IsEntity(string stream) => !stream.Contains(':', StringComparison.Ordinal);

    /// <summary>Whether <paramref name="stream"/> is a project's.</summary>
    public static bool IsProject(string stream) => stream.StartsWith(ProjectPrefix, StringComparison.Ordinal);

    /// <summary>The project id of a project stream.</summary>
    public static string ProjectId(string stream) => stream[ProjectPrefix.Length..];
}
