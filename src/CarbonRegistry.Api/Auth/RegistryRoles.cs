namespace CarbonRegistry.Api.Auth;

/// <summary>The roles a token carries, and what each may do (enforced in the schema's resolvers).</summary>
public static class RegistryRoles
{
    /// <summary>Files and amends reports for the entities listed in its token and everything under them; reads the same.</summary>
    public const string Reporter = "reporter";

    /// <summary>Verifies periods; reads everything.</summary>
    public const string Verifier = "verifier";

    /// <summary>Reads everything; sets targets; locks periods.</summary>
    public const string Provincial = "provincial";

    /// <summary>Reads and subscribes.</summary>
    public const string Dashboard = "dashboard";

    /// <summary>Everything, including registration and recalculation with another factor set.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Reporter, Verifier, Provincial, Dashboard, Admin];
}
