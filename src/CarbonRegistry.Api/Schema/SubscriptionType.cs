using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Ledger;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonRegistry.Api.Schema;

/// <summary>A change of an entity's balance, caused by a ledger event of the entity or of one under it.</summary>
public sealed record BalanceChange(long Sequence, string EntityId, string SourceEntityId, string Type, string Period, BalanceView Balance);

public sealed class BalanceChangeType : ObjectGraphType<BalanceChange>
{
    public BalanceChangeType()
    {
        Name = "BalanceChange";
        Field<NonNullGraphType<LongGraphType>>("sequence").Description("Ledger sequence of the event; pass the last one seen as afterSequence to resume.").Resolve(c => c.Source.Sequence);
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The subscribed entity.").Resolve(c => c.Source.EntityId);
        Field<NonNullGraphType<IdGraphType>>("sourceEntityId").Description("The entity whose report changed.").Resolve(c => c.Source.SourceEntityId);
        Field<NonNullGraphType<LedgerEventTypeType>>("type").Description("ReportSubmitted, ReportAmended, Recalculated, or DeductionRuleSetSwitched (of the entity itself: a switch changes no ancestor's deductions).").Resolve(c => c.Source.Type);
        Field<NonNullGraphType<StringGraphType>>("period").Description("yyyy-MM of the month changed, or yyyy for a recalculated year.").Resolve(c => c.Source.Period);
        Field<NonNullGraphType<BalanceType>>("balance").Description("The subscribed entity's rolled-up balance of that period, as it is when the change is delivered.").Resolve(c => c.Source.Balance);
    }
}

public sealed class SubscriptionType : ObjectGraphType
{
    public SubscriptionType()
    {
        Name = "Subscription";
        Field<NonNullGraphType<BalanceChangeType>>("balanceChanged")
            .Description("Balance changes of an entity (and, with includeDescendants, of everything under it). With afterSequence, first the changes missed since then are replayed from the ledger, then live ones follow, with no gap and no repeat.")
            .Argument<NonNullGraphType<IdGraphType>>("entityId")
            .Argument<BooleanGraphType>("includeDescendants")
            .Argument<LongGraphType>("afterSequence")
            .ResolveStreamAsync(async c =>
            {
                var entityId = c.GetArgument<string>("entityId");
                await Resolvers.Caller(c).RequireReadAsync(entityId);
                var entity = await Resolvers.Entity(c, entityId).GetInfo()
                    ?? throw new ExecutionError($"Entity '{entityId}' is not registered.") { Code = "UNKNOWN_ENTITY" };
                var feed = c.RequestServices!.GetRequiredService<ILedgerFeed>();
                var after = c.GetArgument<long?>("afterSequence") ?? await feed.LastSequenceAsync(c.CancellationToken);
                var changes = new BalanceChanges(c.RequestServices!.GetRequiredService<SubscriptionReads>(), entity.Registration.Id, c.GetArgument("includeDescendants", false));
                var room = (c.UserContext as RegistryUserContext)?.WaitForRoom;
                return new FeedObservable<object?>((observer, cancellation) =>
                    feed.FollowAsync(after, async (e, token) =>
                    {
                        if (await Transient.RetryAsync(() => changes.ForAsync(e), token) is { } change)
                        {
                            if (room is not null)
                            {
                                await room(token);
                            }

                            observer.OnNext(change);
                        }
                    }, cancellation));
            });
        Field<NonNullGraphType<AlertType>>("alertRaised")
            .Description("Alerts as reports arrive: red ratings and exceeded caps of the entity (or, without entityId, of any entity), and unusual values. With afterSequence, missed alerts are replayed first.")
            .Argument<IdGraphType>("entityId")
            .Argument<LongGraphType>("afterSequence")
            .ResolveStreamAsync(async c =>
            {
                var caller = Resolvers.Caller(c);
                var entityId = c.GetArgument<string?>("entityId");
                if (entityId is null)
                {
                    caller.Require(Auth.RegistryRoles.Verifier, Auth.RegistryRoles.Provincial, Auth.RegistryRoles.Dashboard);
                }
                else
                {
                    await caller.RequireReadAsync(entityId);
                }

                var feed = c.RequestServices!.GetRequiredService<ILedgerFeed>();
                var after = c.GetArgument<long?>("afterSequence") ?? await feed.LastSequenceAsync(c.CancellationToken);
                // Project and assessment alerts (a revoked substitution source, an existing plant
                // below the baseline, an overdue rectification report) go to the roles that read
                // projects and assessments, never to reporters.
                var alerts = new Alerts(c.RequestServices!.GetRequiredService<SubscriptionReads>(), entityId, includeGovernance: caller.Role != Auth.RegistryRoles.Reporter);
                var room = (c.UserContext as RegistryUserContext)?.WaitForRoom;
                return new FeedObservable<object?>((observer, cancellation) =>
                    feed.FollowAsync(after, async (e, token) =>
                    {
                        foreach (var alert in await Transient.RetryAsync(() => alerts.ForAsync(e), token))
                        {
                            if (room is not null)
                            {
                                await room(token);
                            }

                            observer.OnNext(alert);
                        }
                    }, cancellation));
            });
        Field<NonNullGraphType<ProjectChangeType>>("projectChanged")
            .Description("Steps of the two-high project ledger as they are committed (registration, review rounds and sign-offs, stage changes, disposal, substitution sources), of one project or of all. With afterSequence, missed steps are replayed first.")
            .Argument<IdGraphType>("projectId")
            .Argument<LongGraphType>("afterSequence")
            .ResolveStreamAsync(async c =>
            {
                Resolvers.Caller(c).Require(Auth.RegistryRoles.Provincial, Auth.RegistryRoles.Verifier, Auth.RegistryRoles.Dashboard, Auth.RegistryRoles.Reviewer, Auth.RegistryRoles.EnergyBureau);
                var stream = c.GetArgument<string?>("projectId") is { } projectId ? LedgerStreamNames.Project(projectId) : null;
                var feed = c.RequestServices!.GetRequiredService<ILedgerFeed>();
                var after = c.GetArgument<long?>("afterSequence") ?? await feed.LastSequenceAsync(c.CancellationToken);
                var room = (c.UserContext as RegistryUserContext)?.WaitForRoom;
                return new FeedObservable<object?>((observer, cancellation) =>
                    feed.FollowAsync(after, async (e, token) =>
                    {
                        if (LedgerStreamNames.IsProject(e.EntityId) && (stream is null || e.EntityId == stream))
                        {
                            if (room is not null)
                            {
                                await room(token);
                            }

                            observer.OnNext(new ProjectChange(e.Sequence, LedgerStreamNames.ProjectId(e.EntityId), e.Type, e.Actor, e.RecordedAt));
                        }
                    }, cancellation));
            });
    }
}

/// <summary>Turns ledger events into the balance changes one subscription cares about.</summary>
internal sealed class BalanceChanges(SubscriptionReads reads, string entityId, bool includeDescendants)
{
    public async Task<BalanceChange?> ForAsync(LedgerEventView e)
    {
        if (e.Type is not ("ReportSubmitted" or "ReportAmended" or "Recalculated" or "DeductionRuleSetSwitched")
            || (e.EntityId != entityId && (!includeDescendants || e.Type == "DeductionRuleSetSwitched")))
        {
            return null;
        }

        var facts = await reads.FactsAsync(e);
        if (!facts.Chain.Contains(entityId))
        {
            return null;
        }

        var balance = await reads.BalanceAsync(entityId, facts, e.Sequence);
        return new BalanceChange(e.Sequence, entityId, e.EntityId, e.Type, balance.Period, balance);
    }
}

/// <summary>An observable over a feed that runs while subscribed and stops when the subscription is disposed.</summary>
internal sealed class FeedObservable<T>(Func<IObserver<T>, CancellationToken, Task> run) : IObservable<T>
{
    public IDisposable Subscribe(IObserver<T> observer)
    {
        var cancellation = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            try
            {
                await run(observer, cancellation.Token);
            }
            catch (Exception error) when (!cancellation.IsCancellationRequested)
            {
                observer.OnError(error);
            }
        });
        return new Subscription(cancellation);
    }

    private sealed class Subscription(CancellationTokenSource cancellation) : IDisposable
    {
        public void Dispose()
        {
            cancellation.Cancel();
            cancellation.Dispose();
        }
    }
}

/// <summary>Something provincial staff should look at: a red rating, an exceeded target, an unusual value.</summary>
public sealed record Alert(long Sequence, string EntityId, string SourceEntityId, string Kind, string Period, string Message);

public sealed class AlertType : ObjectGraphType<Alert>
{
    public AlertType()
    {
        Name = "Alert";
        Field<NonNullGraphType<LongGraphType>>("sequence").Description("Ledger sequence of the report that raised it.").Resolve(c => c.Source.Sequence);
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The entity the alert is about.").Resolve(c => c.Source.EntityId);
        Field<NonNullGraphType<IdGraphType>>("sourceEntityId").Description("The entity whose report raised it.").Resolve(c => c.Source.SourceEntityId);
        Field<NonNullGraphType<AlertKindType>>("kind").Description("What the alert is about.").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("period").Description("The period concerned: yyyy-MM, or a day for project and assessment alerts.").Resolve(c => c.Source.Period);
        Field<NonNullGraphType<StringGraphType>>("message").Description("What happened, for people.").Resolve(c => c.Source.Message);
    }
}

/// <summary>
/// Turns report events into alerts for one subscription: the reporting entity's own review flags
/// (UNUSUAL_VALUE), and for it and each ancestor a red barometer rating or a cap already exceeded
/// after the report. Without an entity filter every entity's alerts are delivered.
/// </summary>
internal sealed class Alerts(SubscriptionReads reads, string? entityId, bool includeGovernance)
{
    public async Task<IReadOnlyList<Alert>> ForAsync(LedgerEventView e)
    {
        if (e.Type is "SubstitutionSourceRevoked" or "ProjectRegistered")
        {
            return includeGovernance ? await ProjectAlertsAsync(e) : [];
        }

        if (e.Type is "RectificationOverdue")
        {
            return includeGovernance ? RectificationAlerts(e) : [];
        }

        if (e.Type is not ("ReportSubmitted" or "ReportAmended"))
        {
            return [];
        }

        var facts = await reads.FactsAsync(e);
        if (entityId is not null && !facts.Chain.Contains(entityId))
        {
            return [];
        }

        var period = $"{facts.Year:D4}-{facts.Month:D2}";
        var alerts = facts.Warnings.Select(w => new Alert(e.Sequence, e.EntityId, e.EntityId, w.Code, period, w.Message)).ToList();
        foreach (var id in facts.Chain.Where(id => entityId is null || id == entityId))
        {
            alerts.AddRange(await reads.TargetAlertsAsync(id, e, facts));
        }

        return alerts;
    }

    /// <summary>An overdue rectification report, addressed to the region that owes it.</summary>
    private IReadOnlyList<Alert> RectificationAlerts(LedgerEventView e)
    {
        using var payload = System.Text.Json.JsonDocument.Parse(e.Payload);
        var region = payload.RootElement.GetProperty("entityId").GetString()!;
        var due = payload.RootElement.GetProperty("due").GetString();
        return entityId is null || entityId == region
            ? [new Alert(e.Sequence, region, region, "RECTIFICATION_OVERDUE", due ?? "", $"{region}: the rectification report due {due} under {e.EntityId[(e.EntityId.IndexOf(':') + 1)..]} was not submitted.")]
            : [];
    }

    /// <summary>
    /// The project ledger's alerts, addressed to the project's site: a substitution source revoked
    /// by the look-back (the plan reopens), and an existing plant registered below the baseline
    /// (it must upgrade within a deadline or exit).
    /// </summary>
    private async Task<IReadOnlyList<Alert>> ProjectAlertsAsync(LedgerEventView e)
    {
        var projectId = LedgerStreamNames.ProjectId(e.EntityId);
        if (await reads.ProjectAsync(projectId, e.Sequence) is not { } project
            || (entityId is not null && entityId != project.Registration.SiteEntityId && entityId != project.CityId))
        {
            return [];
        }

        var site = project.Registration.SiteEntityId;
        var day = ChinaTime.Of(e.RecordedAt).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (e.Type == "SubstitutionSourceRevoked")
        {
            using var payload = System.Text.Json.JsonDocument.Parse(e.Payload);
            var source = payload.RootElement.GetProperty("sourceId").GetString();
            var reason = payload.RootElement.GetProperty("reason").GetString();
            return [new Alert(e.Sequence, site, site, "SOURCE_REVOKED", day, $"Project {projectId}: substitution source {source} revoked ({reason}); the plan is {project.Substitution.Status}.")];
        }

        return project.Flags.BelowBaseline && e.Version == 1
            ? [new Alert(e.Sequence, site, site, "BELOW_BASELINE", day, $"Project {projectId} is an existing plant worse than the baseline of {project.Registration.UnitEnergy?.Product}: upgrade within a deadline or exit.")]
            : [];
    }
}

/// <summary>A committed step of the project ledger.</summary>
public sealed record ProjectChange(long Sequence, string ProjectId, string Type, string Actor, DateTimeOffset RecordedAt);

public sealed class ProjectChangeType : ObjectGraphType<ProjectChange>
{
    public ProjectChangeType()
    {
        Name = "ProjectChange";
        Field<NonNullGraphType<LongGraphType>>("sequence").Description("Ledger sequence of the step; pass the last one seen as afterSequence to resume.").Resolve(c => c.Source.Sequence);
        Field<NonNullGraphType<IdGraphType>>("projectId").Description("The project.").Resolve(c => c.Source.ProjectId);
        Field<NonNullGraphType<LedgerEventTypeType>>("type").Description("The ledger event: ProjectRegistered, ReviewRoundOpened, ReviewSignedOff, ProjectStageChanged, DisposalDecided, SubstitutionSourceAdded, SubstitutionSourceVerified, SubstitutionSourceRevoked or SeparateEnergyConfirmed.").Resolve(c => c.Source.Type);
        Field<NonNullGraphType<StringGraphType>>("actor").Description("Who did it: subject (role).").Resolve(c => c.Source.Actor);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("recordedAt").Description("When it was recorded.").Resolve(c => c.Source.RecordedAt);
    }
}
