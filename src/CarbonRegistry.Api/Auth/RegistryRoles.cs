namespace CarbonRegistry.Api.Auth;

/// <summary>The roles a token carries, and what each may do (enforced in the schema's resolvers).</summary>
public static class RegistryRoles
{
    /// <summary>Files and amends reports for the entities listed in its token and everything under them; reads the same.</summary>
    public const string Reporter = "reporter";

    /// <summary>Verifies periods; reads everything.</summary>
    public const string Verifier = "verifier";

    /// <summary>Reads everything; sets targets; locks periods; registers two-high projects and moves them through the ledger.</summary>
    public const string Provincial = "provincial";

    /// <summary>Reads and subscribes.</summary>
    public const string Dashboard = "dashboard";

    /// <summary>Everything, including registration and recalculation with another factor set.</summary>
    public const string Admin = "admin";

    /// <summary>Signs off joint reviews for the departments listed in its token; reads everything.</summary>
    public const string Reviewer = "reviewer";

    /// <summary>The energy bureau: verifies and revokes coal substitution sources; reads everything.</summary>
    public const string EnergyBureau = "energy-bureau";

    public static IReadOnlyList<string> All { get; } = [Reporter, Verifier, Provincial, Dashboard, Admin, Reviewer, EnergyBureau];
}
