using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Ledger;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Abstractions.ZeroCarbon;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.ZeroCarbon;
using CarbonRegistry.Grains.Ledger;
using CarbonRegistry.Storage.Ledger;
using CarbonRegistry.Storage.ReadModel;
using Microsoft.Extensions.Logging;

namespace CarbonRegistry.Grains.ZeroCarbon;

/// <summary>
/// The shell around one entity's <see cref="ProgrammeAggregate"/>: it replays the programme's
/// stream on activation, checks that the programme applies to the entity, asks the aggregate
/// (with the year's assessment for a step of acceptance), commits the decision to the ledger (the
/// acknowledgement) and folds it in.
/// </summary>
public sealed class ZeroCarbonProgrammeGrain(
    ZeroCarbonRules rules,
    FactorSetCatalog catalog,
    LedgerWriter writer,
    RegistryReader reader,
    TimeProvider clock,
    ILogger<ZeroCarbonProgrammeGrain> logger) : Grain, IZeroCarbonProgrammeGrain
{
    private ProgrammeAggregate? _programme;
    private string _entityId = "";
    private string _code = "";

    private string Stream => LedgerStreamNames.Programme(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_entityId, _code) = LedgerStreamNames.ParseProgrammeKey(this.GetPrimaryKeyString());
        if (rules.Programme(_code) is not { } programme)
        {
            return;
        }

        _programme = new ProgrammeAggregate(_entityId, programme, clock);
        foreach (var stored in await reader.EntityEventsAsync(Stream, 0, cancellationToken))
        {
            _programme.Apply(LedgerEvent.FromJson(stored.Payload), stored.Version, stored.Actor, stored.RecordedAt);
        }
    }

    public Task<ProgrammeRecordView> GetRecord() =>
        Task.FromResult(_programme?.View() ?? new ProgrammeRecordView { EntityId = _entityId, Programme = _code });

    public async Task<ProgrammeRecordView> EnterIndicator(int year, string indicator, decimal value, string source, Actor actor) =>
        await CommitAsync((await ApplyingAsync()).Enter(year, indicator, value, source), actor);

    public async Task<ProgrammeRecordView> WaiveIndicator(int year, string indicator, string reason, Actor actor) =>
        await CommitAsync((await ApplyingAsync()).Waive(year, indicator, reason), actor);

    public async Task<ProgrammeRecordView> RecordAcceptance(int year, AcceptanceStep step, string reference, Actor actor)
    {
        var programme = await ApplyingAsync();
        var entity = GrainFactory.GetGrain<IEntityGrain>(_entityId);
        var balance = await entity.GetBalance(year, null, BalanceScope.Total);
        var baseline = await entity.GetBaseline();
        var assessment = ZeroCarbonAssessor.Assess(programme.Programme, year, balance.ToBalance(catalog.Deductions), baseline?.ByMeasure() ?? new Dictionary<string, decimal>(), programme.Inputs(year));
        var view = await CommitAsync(programme.Accept(year, step, reference, assessment), actor);
        logger.LogInformation("Zero-carbon programme {Programme} of {EntityId}: {Year} {Step} ({Reference})", _code, _entityId, year, step, reference);
        return view;
    }

    /// <summary>The aggregate, once the programme is known and applies to the entity (by its kind or pilot programmes).</summary>
    private async Task<ProgrammeAggregate> ApplyingAsync()
    {
        var info = await GrainFactory.GetGrain<IEntityGrain>(_entityId).GetInfo()
            ?? throw new RegistryException(RegistryErrorCode.UnknownEntity, $"Entity '{_entityId}' is not registered.", "entityId");
        var registration = info.Registration;
        if (_programme is null || !_programme.Programme.AppliesToEntity(registration.Kind.ToString(), registration.Pilots.Select(p => p.ToString())))
        {
            var applying = rules.Programmes.Where(p => p.AppliesToEntity(registration.Kind.ToString(), registration.Pilots.Select(x => x.ToString()))).Select(p => p.Code);
            throw new RegistryException(RegistryErrorCode.UnknownProgramme, $"Programme '{_code}' does not apply to '{_entityId}'; its programmes: {string.Join(", ", applying.DefaultIfEmpty("none"))}.", "programme");
        }

        return _programme;
    }

    private async Task<ProgrammeRecordView> CommitAsync(ProgrammeDecision decision, Actor actor)
    {
        var programme = _programme!;
        if (decision.Event is { } ledgerEvent)
        {
            var version = programme.Version + 1;
            await LedgerStreams.CommitOrDeactivateAsync(this, writer, Stream, version, ledgerEvent, decision.At, actor);

            programme.Apply(ledgerEvent, version, actor.ToString(), decision.At);
        }

        return programme.View();
    }
}
