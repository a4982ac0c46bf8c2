using BenchmarkDotNet.Attributes;
using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Reports;
using static CarbonRegistry.Accounting.Balances.BalanceComponent;

namespace CarbonRegistry.Benchmarks;

/// <summary>One monthly balance per operation, against reading the same report's quantities.</summary>
[MemoryDiagnoser]
public class BalanceBenchmarks
{
    private readonly FactorSetCatalog _catalog = FactorSetLoader.LoadDirectory(FactorSetLoader.DefaultDirectory);
    private readonly MonthlyReport[] _reports = SampleReports.Mix(3);
    private int _next;

    [Benchmark(Baseline = true, Description = "read report quantities")]
    public decimal ReadQuantities() => SampleReports.SumOfQuantities(_reports[_next++ % 3]);

    [Benchmark(Description = "compute monthly balance")]
    public Balance ComputeBalance() => BalanceCalculator.Compute(_reports[_next++ % 3], _catalog);
}

/// <summary>A year's rollup of 100,000 bodies: 1,200,000 monthly balances summed into one.</summary>
[MemoryDiagnoser]
public class AggregationBenchmarks
{
    private Balance[] _balances = [];

    [GlobalSetup]
    public void Setup()
    {
        var catalog = FactorSetLoader.LoadDirectory(FactorSetLoader.DefaultDirectory);
        var distinct = SampleReports.Mix(1_200).Select(report => BalanceCalculator.Compute(report, catalog)).ToArray();
        _balances = [.. Enumerable.Range(0, 1_200_000).Select(i => distinct[i % distinct.Length])];
    }

    [Benchmark(Baseline = true, Description = "sum one field of 1.2M balances")]
    public decimal SumOneField()
    {
        var sum = 0m;
        foreach (var balance in _balances)
        {
            sum += balance[FuelCombustionTce];
        }

        return sum;
    }

    [Benchmark(Description = "Balance.Sum of 1.2M balances")]
    public Balance SumAll() => Balance.Sum("2023", _balances);
}
