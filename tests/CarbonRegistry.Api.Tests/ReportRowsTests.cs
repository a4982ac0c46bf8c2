using System.Text;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Production;
using CarbonRegistry.Accounting.Projects;
using CarbonRegistry.Api.Imports;

namespace CarbonRegistry.Api.Tests;

/// <summary>Reading a sheet into reports, without a server: what a large file of bad rows answers.</summary>
public sealed class ReportRowsTests
{
    private static readonly FactorSetCatalog s_factors = FactorSetLoader.LoadDirectory(FactorSetLoader.DefaultDirectory);
    private static readonly ProductCatalog s_products = ProductCatalog.Load(ProjectPolicyLoader.DefaultDirectory);

    [Fact]
    public void A_file_of_bad_rows_lists_the_first_ten_thousand_errors_and_counts_them_all()
    {
        var csv = new StringBuilder("entity_id,year,month,fuel.raw_coal [t]\n");
        for (var i = 0; i < RowErrors.MaxListed + 5; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"e-{i},2024,1,bad\n");
        }

        var sheet = ReportRows.Parse(SheetReader.Read(Encoding.UTF8.GetBytes(csv.ToString()), SheetFormat.Csv), "key", s_factors, s_products);

        Assert.Equal((RowErrors.MaxListed + 5, RowErrors.MaxListed, 0), (sheet.ErrorCount, sheet.Errors.Count, sheet.Valid));
        Assert.Equal((2, "D", "NOT_A_NUMBER"), (sheet.Errors[0].Row, sheet.Errors[0].Column, sheet.Errors[0].Code));
        Assert.Empty(sheet.Rows);
    }

    [Fact]
    public void The_rows_that_read_well_are_read_again_each_time_with_their_keys()
    {
        var csv = "entity_id,year,month,fuel.raw_coal [t]\n# a note\nmine-a,2024,1,5\nmine-a,2024,2,x\n\nmine-b,2024,1,7\n";
        var sheet = ReportRows.Parse(SheetReader.Read(Encoding.UTF8.GetBytes(csv), SheetFormat.Csv), "abc", s_factors, s_products);

        Assert.Equal((3, 2, 1), (sheet.RowCount, sheet.Valid, sheet.ErrorCount));
        Assert.Equal(["import:abc:3", "import:abc:6"], sheet.Rows.Select(r => r.Report.IdempotencyKey));
        Assert.Equal(["mine-a", "mine-b"], sheet.Rows.Select(r => r.EntityId)); // a second reading of the file gives the same rows
    }
}
