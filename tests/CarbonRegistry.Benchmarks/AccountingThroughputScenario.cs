using System.Diagnostics;
using System.Globalization;
using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.Factors;
using static CarbonRegistry.Accounting.Balances.BalanceComponent;

namespace CarbonRegistry.Benchmarks;

/// <summary>
/// Balances per second on one thread, and a 100,000-body × 12-month rollup, each beside a
/// baseline of the same loop doing the least possible work, measured in this process.
/// </summary>
internal sealed class AccountingThroughputScenario : IScenario
{
    public string Name => "accounting";

    public string Description => "monthly balances/s on one core and a 100,000 × 12 rollup, with allocations";

    public Task RunAsync(string[] args, TextWriter output)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000_000;
        var catalog = FactorSetLoader.LoadDirectory(FactorSetLoader.DefaultDirectory);
        var reports = SampleReports.Mix(30_000);
        var balances = new Balance[reports.Length];

        // Warm up both loops so the JIT's tiered code is in place before measuring.
        Measure(() => Baseline(reports, 200_000));
        Measure(() => Compute(reports, catalog, balances, 200_000));

        var baseline = Measure(() => Baseline(reports, count));
        var compute = Measure(() => Compute(reports, catalog, balances, count));
        output.WriteLine($"monthly balances, {count:N0} on one thread");
        Print(output, "read report quantities (baseline)", count, baseline, baseline);
        Print(output, "compute monthly balance", count, compute, baseline);

        var yearOfBalances = Enumerable.Range(0, 1_200_000).Select(i => balances[i % balances.Length]).ToArray();
        Measure(() => SumOneField(yearOfBalances));
        Measure(() => Balance.Sum("2023", yearOfBalances));
        var sumOne = Measure(() => SumOneField(yearOfBalances));
        var sumAll = Measure(() => Balance.Sum("2023", yearOfBalances));
        output.WriteLine("rollup of 100,000 bodies × 12 months (1,200,000 balances)");
        Print(output, "sum one field (baseline)", 1, sumOne, sumOne);
        Print(output, "Balance.Sum", 1, sumAll, sumOne);
        return Task.CompletedTask;
    }

    private static void Baseline(Accounting.Reports.MonthlyReport[] reports, int count)
    {
        var sum = 0m;
        for (var i = 0; i < count; i++)
        {
            sum += SampleReports.SumOfQuantities(reports[i % reports.Length]);
        }

        GC.KeepAlive(sum);
    }

    private static void Compute(Accounting.Reports.MonthlyReport[] reports, FactorSetCatalog catalog, Balance[] sink, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var index = i % reports.Length;
            sink[index] = BalanceCalculator.Compute(reports[index], catalog);
        }
    }

    private static decimal SumOneField(Balance[] balances)
    {
        var sum = 0m;
        foreach (var balance in balances)
        {
            sum += balance[FuelCombustionTce];
        }

        return sum;
    }

    private static (TimeSpan Elapsed, long Bytes) Measure(Action action)
    {
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        action();
        watch.Stop();
        return (watch.Elapsed, GC.GetAllocatedBytesForCurrentThread() - bytes);
    }

    private static void Print(TextWriter output, string name, int operations, (TimeSpan Elapsed, long Bytes) result, (TimeSpan Elapsed, long Bytes) baseline)
    {
        var perSecond = operations / result.Elapsed.TotalSeconds;
        var ratio = result.Elapsed.TotalSeconds / baseline.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {name,-36} {result.Elapsed.TotalMilliseconds,10:N1} ms {perSecond,14:N0}/s {result.Bytes / (double)operations,10:N0} B/op  ratio {ratio,6:N2}"));
    }
}
