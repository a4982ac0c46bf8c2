namespace CarbonRegistry.Benchmarks;

/// <summary>An end-to-end measurement run from the command line.</summary>
internal interface IScenario
{
    string Name { get; }

    string Description { get; }

    Task RunAsync(string[] args, TextWriter output);
}

/// <summary>Statistics the scenarios print.</summary>
internal static class Stats
{
    /// <summary>The <paramref name="p"/> quantile (0–1) of sorted values, NaN when there are none.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}

/// <summary>The scenarios the harness knows; later features add theirs here.</summary>
internal static class Scenarios
{
    public static IReadOnlyList<IScenario> All { get; } = [new AccountingThroughputScenario(), new RegistrySubmitScenario(), new ApiQueryScenario(), new ApiLiveScenario(), new ApiHostileScenario(), new DashboardScenario(), new ScaleScenario(), new ImportScenario(), new LedgerCopyScenario()];

    public static IScenario? Find(string name) => All.FirstOrDefault(scenario => scenario.Name == name);
}
