using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using CarbonRegistry.Benchmarks;

// Two entries: `bdn` runs the BenchmarkDotNet micro-benchmarks (in-process measurements with
// allocation figures); `scenario <name>` runs an end-to-end scenario that prints its own ratio to
// a baseline measured in the same process. Both print their figures; the README records them.
switch (args.FirstOrDefault())
{
    case "bdn":
        var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithId("short"));
        BenchmarkSwitcher.FromAssembly(typeof(BalanceBenchmarks).Assembly).Run(args[1..], config);
        return 0;
    case "scenario" when args.Length > 1 && Scenarios.Find(args[1]) is { } scenario:
        await scenario.RunAsync(args[2..], Console.Out);
        return 0;
    default:
        Console.Error.WriteLine("""
            usage: dotnet run -c Release --project tests/CarbonRegistry.Benchmarks -- bdn [BenchmarkDotNet options, e.g. --filter *]
                   dotnet run -c Release --project tests/CarbonRegistry.Benchmarks -- scenario <name> [options]
            scenarios:
            """);
        foreach (var known in Scenarios.All)
        {
            Console.Error.WriteLine($"  {known.Name,-24} {known.Description}");
        }

        return 2;
}
