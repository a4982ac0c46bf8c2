using System.Text.Json.Nodes;
using CarbonRegistry.Accounting.DualControl;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Projects;
using CarbonRegistry.Testing;

namespace CarbonRegistry.Registry.Tests;

/// <summary>
/// One silo per engine for a family of test classes. Its factor directory is the shipped one plus
/// <c>CN-2024.T2</c>, a test correction that supersedes <c>CN-2024.P1</c> (national grid factor
/// 0.6 instead of 0.5306), so recalculation has a second set to choose between.
/// </summary>
public abstract class RegistryHostFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new("carbon-registry");

    public RegistryHost Host { get; private set; } = null!;

    public FactorSetCatalog Factors { get; private set; } = null!;

    public string Directory => _directory.Path;

    public string FactorDirectory => Path.Combine(_directory.Path, "factors");

    protected abstract Dictionary<string, string?> Settings();

    public async Task InitializeAsync()
    {
        CopyFactors(FactorDirectory);
        Factors = FactorSetLoader.LoadDirectory(FactorDirectory).WithDeductions(DeductionRules.Load(ProjectPolicyLoader.DefaultDirectory));
        var settings = Settings();
        settings["Factors:Directory"] = FactorDirectory;
        Host = await RegistryHost.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    public static void CopyFactors(string target)
    {
        foreach (var file in System.IO.Directory.GetFiles(FactorSetLoader.DefaultDirectory, "*.json", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(FactorSetLoader.DefaultDirectory, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        var correction = JsonNode.Parse(File.ReadAllText(Path.Combine(target, "CN-2024.P1.json")))!;
        correction["id"] = "CN-2024.T2";
        correction["supersedes"] = "CN-2024.P1";
        correction["title"] = "Test correction of CN-2024.P1";
        correction["electricity"]!["grid"]!["national"]!["value"] = 0.6m;
        File.WriteAllText(Path.Combine(target, "CN-2024.T2.json"), correction.ToJsonString());
    }
}

public sealed class SqliteRegistryFixture : RegistryHostFixture
{
    protected override Dictionary<string, string?> Settings() => RegistryHost.SqliteSettings(Directory);
}

public sealed class PostgresRegistryFixture : RegistryHostFixture
{
    protected override Dictionary<string, string?> Settings() => RegistryHost.PostgresSettings(PostgresServer.CreateDatabase("registry"));
}

/// <summary>PostgreSQL with every ledger batch written through binary COPY (the bulk path), however small.</summary>
public sealed class PostgresCopyRegistryFixture : RegistryHostFixture
{
    protected override Dictionary<string, string?> Settings() =>
        new(RegistryHost.PostgresSettings(PostgresServer.CreateDatabase("registry_copy"))) { ["Storage:CopyThreshold"] = "1" };
}

[CollectionDefinition(Name)]
public sealed class PostgresCopyRegistryCollection : ICollectionFixture<PostgresCopyRegistryFixture>
{
    public const string Name = "registry on PostgreSQL, bulk path";
}

[CollectionDefinition(Name)]
public sealed class SqliteRegistryCollection : ICollectionFixture<SqliteRegistryFixture>
{
    public const string Name = "registry on SQLite";
}

[CollectionDefinition(Name)]
public sealed class PostgresRegistryCollection : ICollectionFixture<PostgresRegistryFixture>
{
    public const string Name = "registry on PostgreSQL";
}

[Collection(SqliteRegistryCollection.Name)]
public sealed class SqliteRegistryTests(SqliteRegistryFixture fixture) : RegistryContract(fixture);

[Collection(PostgresRegistryCollection.Name)]
public sealed class PostgresRegistryTests(PostgresRegistryFixture fixture) : RegistryContract(fixture);

[Collection(PostgresCopyRegistryCollection.Name)]
public sealed class PostgresCopyRegistryTests(PostgresCopyRegistryFixture fixture) : RegistryContract(fixture);
