using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Abstractions.ZeroCarbon;
using CarbonRegistry.Accounting.ZeroCarbon;
using Orleans.Concurrency;

namespace CarbonRegistry.Abstractions.Grains;

/// <summary>
/// One entity's part in one zero-carbon programme, keyed <c>&lt;entity id&gt;:&lt;programme code&gt;</c>
/// (see <see cref="Ledger.LedgerStreamNames.Programme"/>): the values entered for indicators the
/// balance does not hold, waivers of guiding indicators and the steps of acceptance, year by year.
/// Every change is a ledger event of the programme's stream; a year with an acceptance step taken is
/// closed to further entries and waivers.
/// </summary>
public interface IZeroCarbonProgrammeGrain : IGrainWithStringKey
{
    /// <summary>What was recorded (an empty record when nothing was).</summary>
    [AlwaysInterleave]
    Task<ProgrammeRecordView> GetRecord();

    /// <summary>Enters a value of an indicator the balance does not hold, with its source.</summary>
    Task<ProgrammeRecordView> EnterIndicator(int year, string indicator, decimal value, string source, Actor actor);

    /// <summary>Waives a guiding indicator for a year, with a stated reason.</summary>
    Task<ProgrammeRecordView> WaiveIndicator(int year, string indicator, string reason, Actor actor);

    /// <summary>Records a step of acceptance, if the year's indicators allow it and the step before was taken.</summary>
    Task<ProgrammeRecordView> RecordAcceptance(int year, AcceptanceStep step, string reference, Actor actor);
}
