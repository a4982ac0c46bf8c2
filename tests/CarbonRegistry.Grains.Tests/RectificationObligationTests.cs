using CarbonRegistry.Abstractions.Assessment;
using CarbonRegistry.Accounting.Assessment;
using CarbonRegistry.Accounting.Projects;
using CarbonRegistry.Grains.Assessment;

namespace CarbonRegistry.Grains.Tests;

/// <summary>Rectification reports owed after a published assessment: imposed, due a month later in China, overdue the day after.</summary>
public sealed class RectificationObligationTests
{
    private static readonly AssessmentScheme s_energy = AssessmentSchemes.Load(ProjectPolicyLoader.DefaultDirectory).Scheme("energy_saving")!;

    [Fact]
    public void A_complete_result_not_met_owes_a_report_due_one_month_after_publication_in_china_and_is_overdue_the_day_after()
    {
        var obligations = new RectificationObligations();

        // Published 2026-12-07 20:30 UTC, which is 2026-12-08 04:30 in China: due 2027-01-08.
        obligations.Impose(s_energy, 1, [("city-a", "NotMet", true), ("city-b", "Met", true), ("city-c", "NotMet", false)], new DateTimeOffset(2026, 12, 7, 20, 30, 0, TimeSpan.Zero));

        var owed = Assert.Single(obligations.All);
        Assert.Equal(("city-a", new DateOnly(2027, 1, 8), ObligationStatus.Open, 1), (owed.EntityId, owed.Due, owed.Status, owed.Version));

        // The whole due day (China) is allowed: 2027-01-08 23:59 China is 15:59 UTC.
        Assert.Empty(obligations.PastDue(new DateTimeOffset(2027, 1, 8, 15, 59, 0, TimeSpan.Zero)));
        Assert.Equal(["city-a"], obligations.PastDue(new DateTimeOffset(2027, 1, 8, 16, 0, 0, TimeSpan.Zero)).Select(o => o.EntityId));

        // A later version does not impose it again; a submitted report is no longer past due.
        obligations.Impose(s_energy, 2, [("city-a", "NotMet", true)], new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, obligations.Of("city-a")!.Version);
        obligations.Submitted("city-a", "晋政函〔2027〕1号", new DateTimeOffset(2027, 1, 20, 0, 0, 0, TimeSpan.Zero));
        Assert.Empty(obligations.PastDue(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.False(obligations.AnyOpen);
    }
}
