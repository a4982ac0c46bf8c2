using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Ledger;
using CarbonRegistry.Abstractions.Projects;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Grains.Ledger;
using CarbonRegistry.Storage.Ledger;
using CarbonRegistry.Storage.ReadModel;
using Microsoft.Extensions.Logging;

namespace CarbonRegistry.Grains.Projects;

/// <summary>
/// One substitution source and its claim, on its own ledger stream. A source counts for one plan
/// only (policy.md section 2: "any source already used by another project" is refused), and a
/// revoked source tells the plan that claimed it (the look-back).
/// </summary>
public sealed class SubstitutionSourceGrain(LedgerWriter writer, RegistryReader reader, TimeProvider clock, ILogger<SubstitutionSourceGrain> logger) : Grain, ISubstitutionSourceGrain
{
    private string? _claimant;
    private LedgerSource? _source;
    private string? _revokedFor;
    private long _version;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var (ledgerEvent, version, _) in await LedgerStreams.ReadAsync(reader, LedgerStreamNames.Source(Id), cancellationToken))
        {
            Apply(ledgerEvent, version);
        }
    }

    public Task<string?> GetClaimant() => Task.FromResult(_claimant);

    public async Task Claim(string projectId, SubstitutionSourceInput source, Actor actor)
    {
        if (_revokedFor is not null)
        {
            throw new RegistryException(RegistryErrorCode.SourceRevoked, $"Source '{Id}' was revoked ({_revokedFor}).", "id");
        }

        if (_claimant is not null)
        {
            if (_claimant == projectId && _source == LedgerSource.From(source))
            {
                return;
            }

            throw new RegistryException(RegistryErrorCode.SourceAlreadyClaimed, $"Source '{Id}' is claimed by another plan.", "id");
        }

        await CommitAsync(new SourceClaimed(projectId, LedgerSource.From(source)), actor);
        logger.LogInformation("Substitution source {SourceId} ({Tonnes} t) claimed by project {ProjectId}", Id, source.Tonnes, projectId);
    }

    public async Task<string?> Revoke(string reason, Actor actor)
    {
        if (_claimant is null)
        {
            throw new RegistryException(RegistryErrorCode.UnknownSource, $"Source '{Id}' is not claimed by any plan.", "sourceId");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new RegistryException(RegistryErrorCode.MissingField, "'reason' is required.", "reason");
        }

        if (_revokedFor is null)
        {
            await CommitAsync(new SourceRevoked(reason), actor);
        }

        // Told again on a retry: the plan ignores a revocation it has recorded.
        await GrainFactory.GetGrain<IProjectGrain>(_claimant).SourceRevoked(Id, _revokedFor!, actor);
        return _claimant;
    }

    private async Task CommitAsync(LedgerEvent ledgerEvent, Actor actor)
    {
        await LedgerStreams.CommitOrDeactivateAsync(this, writer, LedgerStreamNames.Source(Id), _version + 1, ledgerEvent, LedgerStreams.Now(clock), actor);

        Apply(ledgerEvent, _version + 1);
    }

    private void Apply(LedgerEvent ledgerEvent, long version)
    {
        switch (ledgerEvent)
        {
            case SourceClaimed claimed:
                (_claimant, _source) = (claimed.ProjectId, claimed.Source);
                break;
            case SourceRevoked revoked:
                _revokedFor = revoked.Reason;
                break;
            default:
                throw new InvalidOperationException($"A {ledgerEvent.Type} event is not a substitution source's.");
        }

        _version = version;
    }
}
