using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Api.Schema;
using CarbonRegistry.Grains.Mapping;

namespace CarbonRegistry.Api.Tests;

public sealed class OncePerKeyTests
{
    [Fact]
    public async Task One_read_serves_every_subscription_of_an_event()
    {
        var cache = new OncePerKey<(string, int, int?, long), BalanceView>();
        var reads = 0;

        var first = await cache.GetAsync(("shanxi", 2025, 3, 42), () => Read(ref reads));
        var second = await cache.GetAsync(("shanxi", 2025, 3, 42), () => Read(ref reads));

        Assert.Equal(1, reads);
        Assert.Same(first, second);
    }

    [Fact]
    public async Task A_failed_read_is_not_remembered_so_a_retry_reads_again()
    {
        // A silo that dies under the read fails it; the subscription retries the same event, and
        // must get a fresh read rather than the remembered failure.
        var cache = new OncePerKey<(string, int, int?, long), BalanceView>();
        var reads = 0;

        await Assert.ThrowsAsync<Orleans.Runtime.SiloUnavailableException>(() =>
            cache.GetAsync(("shanxi", 2025, 3, 42), () => Task.FromException<BalanceView>(new Orleans.Runtime.SiloUnavailableException())));
        var retried = await cache.GetAsync(("shanxi", 2025, 3, 42), () => Read(ref reads));

        Assert.Equal(1, reads);
        Assert.Equal("2025-03", retried.Period);
    }

    private static Task<BalanceView> Read(ref int reads)
    {
        reads++;
        return Task.FromResult(BalanceMapping.ToView("shanxi", "2025-03", BalanceScope.Total, BalanceComponents.Zero, 1, Accounting.DualControl.DeductionRules.Unconfigured));
    }
}
