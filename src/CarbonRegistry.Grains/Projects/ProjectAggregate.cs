using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Projects;
using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.Errors;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Projects;
using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Accounting.Units;
using CarbonRegistry.Grains.Ledger;
using CarbonRegistry.Grains.Mapping;

namespace CarbonRegistry.Grains.Projects;

/// <summary>What a project command does: the event to commit, or nothing when the project is already as asked.</summary>
/// <param name="Event">The event, or null.</param>
/// <param name="At">When it was decided: the event's recorded time.</param>
public sealed record ProjectDecision(LedgerEvent? Event, DateTimeOffset At)
{
    /// <summary>The command changes nothing.</summary>
    public static ProjectDecision Unchanged { get; } = new(null, default);
}

/// <summary>
/// The rules of one two-high project (policy.md sections 1 and 2), free of Orleans and IO: each
/// command returns a <see cref="ProjectDecision"/> or throws a <see cref="RegistryException"/> with
/// a stable code, and changes nothing; the grain commits the event and folds it in with
/// <see cref="Apply"/>. Numbers come from the versioned <see cref="ProjectPolicy"/>, never from code.
/// </summary>
public sealed class ProjectAggregate(string id, ProjectState state, FactorSetCatalog catalog, ProjectPolicy policy, TimeProvider clock)
{
    private const int MaxName = 200, MaxText = 2_000;

    /// <summary>The state the events built up.</summary>
    public ProjectState State => state;

    /// <summary>
    /// Registers the project. <paramref name="siteChain"/> holds the registrations from the site up
    /// to the province (empty when the site is not registered); <paramref name="owner"/> the
    /// owner's, when one is named (null when not registered). Repeating the registration that
    /// succeeded changes nothing.
    /// </summary>
    public ProjectDecision Register(ProjectRegistration registration, IReadOnlyList<EntityInfo> siteChain, EntityInfo? owner)
    {
        if (registration.Id != id)
        {
            throw new RegistryException(RegistryErrorCode.InvalidEntityId, $"The registration is for '{registration.Id}' but was sent to '{id}'.", "id");
        }

        if (state.Registration is not null)
        {
            // Compared as the ledger writes them: the records hold lists, which compare by reference.
            return SameJson(LedgerProject.From(state.Registration), LedgerProject.From(registration))
                ? ProjectDecision.Unchanged
                : throw new RegistryException(RegistryErrorCode.DuplicateProject, $"Project '{id}' is already registered.", "id");
        }

        LedgerText.Require(registration.Name, "name", MaxName);
        LedgerText.Require(registration.NameZh, "nameZh", MaxName);
        LedgerText.Require(registration.IndustryCode, "industryCode", 16);
        if (!policy.Sectors.ContainsKey(registration.Sector))
        {
            throw new RegistryException(RegistryErrorCode.UnknownSector, $"Sector '{registration.Sector}' is not in the two-high catalogue {policy.Catalogue.Id}.", "sector");
        }

        if (siteChain.Count == 0)
        {
            throw new RegistryException(RegistryErrorCode.UnknownEntity, $"Site '{registration.SiteEntityId}' is not registered.", "siteEntityId");
        }

        if (siteChain[0].Registration.Kind is not (EntityKind.City or EntityKind.Zone or EntityKind.Park))
        {
            throw new RegistryException(RegistryErrorCode.InvalidParentKind, $"A project is sited in a city, zone or park, not a {siteChain[0].Registration.Kind}.", "siteEntityId");
        }

        if (registration.OwnerEntityId is { } ownerId && owner is null)
        {
            throw new RegistryException(RegistryErrorCode.UnknownEntity, $"Owner '{ownerId}' is not registered.", "ownerEntityId");
        }

        if (registration.Stage is not (ProjectStage.Proposed or ProjectStage.UnderConstruction or ProjectStage.Existing))
        {
            throw new RegistryException(RegistryErrorCode.TransitionNotAllowed, "A project enters the ledger proposed, under construction or existing.", "stage");
        }

        if (registration.PlannedStartYear is < 1990 or > 2100)
        {
            throw new RegistryException(AccountingErrorCode.InvalidPeriod, $"Year {registration.PlannedStartYear} is not between 1990 and 2100.", "plannedStartYear");
        }

        if (registration.UnitEnergy is { Value: <= 0m })
        {
            throw new RegistryException(AccountingErrorCode.InvalidQuantity, "Unit energy use must be greater than zero.", "unitEnergy.value");
        }

        var region = siteChain[0].Registration.GridRegion;
        var factorSet = FactorSetFor(registration.PlannedStartYear);
        _ = Figures(registration, factorSet, region); // bad quantities are refused now, not on every read
        var city = siteChain.FirstOrDefault(info => info.Registration.Kind == EntityKind.City)?.Registration.Id;
        var at = Now();
        return new ProjectDecision(new ProjectRegistered(LedgerProject.From(registration), city, region, factorSet, at), at);
    }

    /// <summary>Opens a review round of every configured department.</summary>
    public ProjectDecision OpenReviewRound()
    {
        RequireStage(ProjectStage.Proposed, "A review round is opened for a proposed project");
        switch (state.LatestRound?.Status)
        {
            case ReviewStatus.Open:
                throw new RegistryException(RegistryErrorCode.ReviewRoundOpen, $"Round {state.LatestRound.Number} is still open.");
            case ReviewStatus.Approved:
                throw new RegistryException(RegistryErrorCode.TransitionNotAllowed, $"Round {state.LatestRound.Number} approved the project already.");
        }

        return Decide(new ReviewRoundOpened(state.Rounds.Count + 1, [.. policy.Departments.Select(d => d.Code)]));
    }

    /// <summary>
    /// A department approves or rejects in the open round; <paramref name="reviewer"/> signs.
    /// <paramref name="restriction"/> is what a region of the site imposes on the approval that
    /// would complete the round: a freeze refuses it (<see cref="RegistryErrorCode.ApprovalsFrozen"/>)
    /// unless the project is a major national one; conditional approvals only need its conditions
    /// (<see cref="RegistryErrorCode.ApprovalConditionsRequired"/>). Any approval may give
    /// conditions; a rejection may not.
    /// </summary>
    public ProjectDecision SignOff(SignOffInput signOff, string reviewer, ApprovalRestriction? restriction = null)
    {
        RequireRegistered();
        if (state.Stage != ProjectStage.Proposed || state.LatestRound is not { Status: ReviewStatus.Open } round)
        {
            throw new RegistryException(RegistryErrorCode.NoOpenReview, $"Project '{id}' has no open review round.");
        }

        if (!round.Departments.Contains(signOff.Department))
        {
            throw new RegistryException(RegistryErrorCode.DepartmentNotInRound, $"Department '{signOff.Department}' is not asked in round {round.Number} ({string.Join(", ", round.Departments)}).", "department");
        }

        if (round.SignOffs.Any(s => s.Department == signOff.Department))
        {
            throw new RegistryException(RegistryErrorCode.AlreadySignedOff, $"Department '{signOff.Department}' has signed off round {round.Number} already.", "department");
        }

        LedgerText.Require(signOff.Comment, "comment", MaxText);
        var conditions = string.IsNullOrWhiteSpace(signOff.Conditions) ? null : signOff.Conditions.Trim();
        if (conditions is not null)
        {
            LedgerText.Check(conditions, "conditions", MaxText);
            if (!signOff.Approve)
            {
                throw new RegistryException(RegistryErrorCode.ConditionsOnRejection, "Conditions belong to an approval; a rejection gives its reasons in the comment.", "conditions");
            }
        }

        if (signOff.Approve && Flags().BelowBenchmark)
        {
            throw new RegistryException(RegistryErrorCode.BelowBenchmark, $"The project's unit energy use is worse than the benchmark of '{state.Registration!.UnitEnergy!.Product}' ({policy.ReferenceTable.Id}): it cannot be approved.", "approve");
        }

        if (signOff.Approve && restriction is not null && CompletesApproval(round, signOff.Department))
        {
            if (restriction.Frozen && !state.Registration!.NationalMajor)
            {
                throw new RegistryException(RegistryErrorCode.ApprovalsFrozen, $"{restriction.Why}: its two-high approvals are frozen; only major national projects are exempt.", "approve");
            }

            if (!restriction.Frozen && conditions is null)
            {
                throw new RegistryException(RegistryErrorCode.ApprovalConditionsRequired, $"{restriction.Why}: it gets conditional approvals only; give the conditions of this approval.", "conditions");
            }
        }

        return Decide(new ReviewSignedOff(round.Number, signOff.Department, signOff.Approve, signOff.Comment, reviewer, conditions));
    }

    /// <summary>Whether <paramref name="department"/>'s approval would be the last one the round needs.</summary>
    public static bool CompletesApproval(ReviewRoundView round, string department) =>
        round.Departments.All(d => d == department || round.SignOffs.Any(s => s.Department == d && s.Approve));

    /// <summary>Moves the project between stages as the rules allow.</summary>
    public ProjectDecision Transition(ProjectTransition transition, string reason)
    {
        RequireRegistered();
        LedgerText.Require(reason, "reason", MaxText);
        var (from, to) = (state.Stage, transition switch
        {
            ProjectTransition.StartConstruction when state.Stage == ProjectStage.Proposed => ProjectStage.UnderConstruction,
            ProjectTransition.Reject when state.Stage == ProjectStage.Proposed => ProjectStage.Rejected,
            ProjectTransition.StartProduction when state.Stage == ProjectStage.UnderConstruction => ProjectStage.Existing,
            ProjectTransition.Close when state.Stage is ProjectStage.UnderConstruction or ProjectStage.Existing => ProjectStage.Closed,
            _ => throw new RegistryException(RegistryErrorCode.TransitionNotAllowed, $"A {state.Stage} project cannot {transition}.", "transition"),
        });

        if (transition == ProjectTransition.StartConstruction && state.LatestRound is not { Status: ReviewStatus.Approved })
        {
            throw new RegistryException(RegistryErrorCode.ReviewNotApproved, "Construction needs a joint review round that every department approved.", "transition");
        }

        if (transition == ProjectTransition.StartProduction)
        {
            var plan = Plan();
            switch (plan.Status)
            {
                case SubstitutionStatus.RatioUnknown:
                    throw new RegistryException(RegistryErrorCode.SubstitutionRatioUnknown, $"The project uses {plan.CountedCoalTonnes} t of coal a year, and rule {policy.SubstitutionRule.Id} gives no substitution ratio for '{state.CityId ?? "its site"}': set one before production can be checked.", "transition");
                case SubstitutionStatus.Open:
                    throw new RegistryException(RegistryErrorCode.SubstitutionNotVerified, $"Production needs {plan.RequiredTonnes} t of verified, achieved substitution; {plan.VerifiedTonnes} t are.", "transition");
            }
        }

        return Decide(new ProjectStageChanged(from.ToString(), to.ToString(), reason));
    }

    /// <summary>
    /// Records the energy of <paramref name="year"/> a major national project's region leaves out
    /// of its assessment (能耗单列, policy.md section 3), as confirmed in <paramref name="reference"/>:
    /// approved projects only (their joint review approved, or building, producing or closed),
    /// from their planned start year to the year after this one. The latest confirmation of a year
    /// counts; the same one again changes nothing.
    /// </summary>
    public ProjectDecision ConfirmSeparateEnergy(int year, decimal energyTce, string reference)
    {
        var currentYear = ChinaTime.Of(Now()).Year;
        RequireRegistered();
        var registration = state.Registration!;
        if (!registration.NationalMajor)
        {
            throw new RegistryException(RegistryErrorCode.NotNationalMajor, $"Project '{id}' is not a major national project: its energy is its region's.", "projectId");
        }

        if (state.Stage == ProjectStage.Rejected || (state.Stage == ProjectStage.Proposed && state.LatestRound is not { Status: ReviewStatus.Approved }))
        {
            throw new RegistryException(RegistryErrorCode.ReviewNotApproved, $"Project '{id}' is not approved: only an approved project's energy is accounted apart.", "projectId");
        }

        if (year < registration.PlannedStartYear || year > currentYear + 1)
        {
            throw new RegistryException(AccountingErrorCode.InvalidPeriod, $"Energy of '{id}' is confirmed for the years from its planned start {registration.PlannedStartYear} to {currentYear + 1}, not {year}.", "year");
        }

        if (energyTce < 0m)
        {
            throw new RegistryException(AccountingErrorCode.InvalidQuantity, $"Energy accounted apart cannot be negative ({energyTce} tce).", "energyTce");
        }

        LedgerText.Require(reference, "reference", MaxText);
        var trimmed = reference.Trim();
        return state.SeparateEnergy.TryGetValue(year, out var earlier) && earlier.EnergyTce == energyTce && earlier.Reference == trimmed
            ? ProjectDecision.Unchanged
            : Decide(new SeparateEnergyConfirmed(year, energyTce, trimmed));
    }

    /// <summary>Records a disposal decision.</summary>
    public ProjectDecision SetDisposal(DisposalInput disposal)
    {
        RequireRegistered();
        RequireOpenStage();
        if (!policy.DisposalCategories.TryGetValue(disposal.Category, out var category))
        {
            throw new RegistryException(RegistryErrorCode.UnknownDisposalCategory, $"Disposal category '{disposal.Category}' is not in the rules ({string.Join(", ", policy.DisposalCategories.Keys)}).", "category");
        }

        var today = DateOnly.FromDateTime(Now().UtcDateTime);
        if (category.NeedsDeadline)
        {
            var latest = today.AddYears(policy.RectificationMaxYears);
            if (disposal.Deadline is not { } deadline || deadline <= today || deadline > latest)
            {
                throw new RegistryException(RegistryErrorCode.InvalidDeadline, $"Category '{category.Code}' needs a deadline after today and at most {policy.RectificationMaxYears} years ahead ({latest:yyyy-MM-dd}).", "deadline");
            }

            if (disposal.Milestones.Any(m => m.Due <= today || m.Due > deadline))
            {
                throw new RegistryException(RegistryErrorCode.InvalidDeadline, "Every milestone falls after today and by the deadline.", "milestones");
            }
        }

        foreach (var milestone in disposal.Milestones)
        {
            LedgerText.Require(milestone.Description, "milestones.description", MaxText);
        }

        return Decide(new DisposalDecided(disposal.Category, category.NeedsDeadline ? disposal.Deadline : null, [.. disposal.Milestones.Select(LedgerMilestone.From)]));
    }

    /// <summary>
    /// Checks a source before it is claimed: a kind the rule allows, tonnes &gt; 0, its evidence.
    /// Returns false when this plan has the very same source already (a retry), true when it is new.
    /// </summary>
    public bool CheckNewSource(SubstitutionSourceInput source)
    {
        RequireRegistered();
        RequireOpenStage();
        if (!EntityIds.IsValid(source.Id))
        {
            throw new RegistryException(RegistryErrorCode.InvalidEntityId, $"Source id '{source.Id}' must match {EntityIds.Pattern}.", "id");
        }

        if (!policy.SourceKinds.TryGetValue(source.Kind, out var kind))
        {
            throw new RegistryException(RegistryErrorCode.UnknownSourceKind, $"Source kind '{source.Kind}' is not in rule {policy.SubstitutionRule.Id}.", "kind");
        }

        if (!kind.Allowed)
        {
            throw new RegistryException(RegistryErrorCode.SourceRefused, $"{kind.Name} does not count as coal substitution ({kind.Source}).", "kind");
        }

        if (source.Tonnes <= 0m || source.Tonnes > Quantity.MaxMagnitude)
        {
            throw new RegistryException(AccountingErrorCode.InvalidQuantity, "Substitution tonnes must be greater than zero.", "tonnes");
        }

        LedgerText.Require(source.Evidence, "evidence", MaxText);
        if (state.Sources.FirstOrDefault(s => s.Source.Id == source.Id) is { } existing)
        {
            return existing.Source == source
                ? false
                : throw new RegistryException(RegistryErrorCode.SourceAlreadyClaimed, $"Source '{source.Id}' is in this plan already, with other details.", "id");
        }

        return true;
    }

    /// <summary>Adds a source once it is claimed for this project.</summary>
    public ProjectDecision AddSource(SubstitutionSourceInput source) =>
        CheckNewSource(source) ? Decide(new SubstitutionSourceAdded(LedgerSource.From(source))) : ProjectDecision.Unchanged;

    /// <summary>The energy bureau verifies a source of the plan.</summary>
    public ProjectDecision VerifySource(string sourceId)
    {
        RequireRegistered();
        return Source(sourceId).Status switch
        {
            SourceStatus.Verified => ProjectDecision.Unchanged,
            SourceStatus.Revoked => throw new RegistryException(RegistryErrorCode.SourceRevoked, $"Source '{sourceId}' was revoked.", "sourceId"),
            _ => Decide(new SubstitutionSourceVerified(sourceId)),
        };
    }

    /// <summary>A source of the plan was revoked on its own stream: it stops counting.</summary>
    public ProjectDecision RevokeSource(string sourceId, string reason)
    {
        RequireRegistered();
        return Source(sourceId).Status == SourceStatus.Revoked ? ProjectDecision.Unchanged : Decide(new SubstitutionSourceRevoked(sourceId, reason));
    }

    /// <summary>Folds a committed event, recorded at <paramref name="at"/>, into the state.</summary>
    public void Apply(LedgerEvent ledgerEvent, long version, DateTimeOffset at)
    {
        switch (ledgerEvent)
        {
            case ProjectRegistered e:
                state.Registration = e.Project.ToRegistration();
                state.Stage = state.Registration.Stage;
                state.CityId = e.CityId;
                state.GridRegion = e.GridRegion;
                state.FactorSetId = e.FactorSetId;
                state.Figures = Figures(state.Registration, e.FactorSetId, e.GridRegion);
                state.RegisteredAt = e.RegisteredAt;
                break;
            case ReviewRoundOpened e:
                state.Rounds.Add(new ReviewRoundView { Number = e.Round, Departments = e.Departments, Status = ReviewStatus.Open, OpenedAt = at });
                break;
            case ReviewSignedOff e:
                var round = state.Rounds[e.Round - 1];
                var signOffs = round.SignOffs.Append(new SignOffView { Department = e.Department, Approve = e.Approve, Comment = e.Comment, Reviewer = e.Reviewer, At = at, Conditions = e.Conditions }).ToList();
                var status = !e.Approve ? ReviewStatus.Rejected
                    : round.Departments.All(d => signOffs.Any(s => s.Department == d && s.Approve)) ? ReviewStatus.Approved
                    : ReviewStatus.Open;
                state.Rounds[e.Round - 1] = round with { SignOffs = signOffs, Status = status };
                break;
            case ProjectStageChanged e:
                state.Stage = LedgerNames.Parse<ProjectStage>(e.To, "to");
                break;
            case SeparateEnergyConfirmed e:
                state.SeparateEnergy[e.Year] = new SeparateEnergyView { Year = e.Year, EnergyTce = e.EnergyTce, Reference = e.Reference, At = at };
                break;
            case DisposalDecided e:
                state.Disposal = new DisposalView { Category = e.Category, Deadline = e.Deadline, Milestones = [.. e.Milestones.Select(m => m.ToInput())], DecidedAt = at };
                break;
            case SubstitutionSourceAdded e:
                state.Sources.Add(new SubstitutionSourceView { Source = e.Source.ToInput(), Status = SourceStatus.Claimed });
                break;
            case SubstitutionSourceVerified e:
                SetSource(e.SourceId, SourceStatus.Verified, null);
                break;
            case SubstitutionSourceRevoked e:
                SetSource(e.SourceId, SourceStatus.Revoked, e.Reason);
                break;
            default:
                throw new InvalidOperationException($"A {ledgerEvent.Type} event is not a project's.");
        }

        state.Version = version;
    }

    /// <summary>The project as served, or null before it is registered.</summary>
    public ProjectView? View() => state.Registration is { } registration
        ? new ProjectView
        {
            Registration = registration,
            Stage = state.Stage,
            CityId = state.CityId,
            Figures = state.Figures!,
            Flags = Flags(),
            Disposal = state.Disposal,
            Rounds = [.. state.Rounds],
            Substitution = Plan(),
            Version = state.Version,
            RegisteredAt = state.RegisteredAt,
            PolicyId = policy.Id,
            SeparateEnergy = [.. state.SeparateEnergy.Values],
        }
        : null;

    /// <summary>The flags the rules raise, with the current reference table and thresholds.</summary>
    public ProjectFlags Flags()
    {
        var registration = state.Registration!;
        var figures = state.Figures!;
        var reference = registration.UnitEnergy is { } unit && policy.References.TryGetValue(unit.Product, out var row) ? row : null;
        var value = registration.UnitEnergy?.Value;
        return new ProjectFlags
        {
            NationalWindowGuidance = figures.EnergyTce >= policy.WindowGuidanceTce,
            BelowBenchmark = reference is not null && value > reference.Benchmark && state.Stage is ProjectStage.Proposed or ProjectStage.UnderConstruction,
            BelowBaseline = reference is not null && value > reference.Baseline && state.Stage == ProjectStage.Existing,
            ReferenceIsDemo = reference?.Demo ?? false,
            NoReference = registration.UnitEnergy is not null && reference is null,
        };
    }

    /// <summary>The substitution plan: the coal the rule counts × the city's ratio, against verified, achieved sources.</summary>
    public SubstitutionPlanView Plan()
    {
        var figures = state.Figures!;
        var counted = figures.CoalFuelTonnes + (policy.CountsFeedstock ? figures.CoalFeedstockTonnes : 0m);
        var ratio = policy.RatioFor(state.CityId);
        var required = ratio.Ratio is { } r ? counted * r : (decimal?)null;
        var verified = state.Sources.Where(s => s.Status == SourceStatus.Verified && s.Source.Achieved).Sum(s => s.Source.Tonnes);
        return new SubstitutionPlanView
        {
            Status = counted == 0m ? SubstitutionStatus.NotRequired
                : required is null ? SubstitutionStatus.RatioUnknown
                : verified >= required ? SubstitutionStatus.Covered
                : SubstitutionStatus.Open,
            CountedCoalTonnes = counted,
            Ratio = ratio.Ratio,
            RatioNote = $"{ratio.Status}: {ratio.Note}",
            RequiredTonnes = required,
            VerifiedTonnes = verified,
            RuleId = policy.SubstitutionRule.Id,
            Sources = [.. state.Sources],
        };
    }

    /// <summary>
    /// New annual energy, coal and CO2, computed by the accounting library exactly as a report is,
    /// with the factor set of the planned start year and the site's grid region.
    /// </summary>
    private ProjectFigures Figures(ProjectRegistration registration, string factorSetId, string gridRegion) => Translate(() =>
    {
        var factors = catalog.Get(factorSetId);
        var year = Math.Clamp(registration.PlannedStartYear, factors.FromYear, factors.ToYear);
        var report = ReportConversion.ToMonthlyReport(year, 1, registration.AnnualUse);
        var balance = BalanceCalculator.Compute(report, factors, new BalanceOptions { GridRegion = GridRegions.TryParse(gridRegion, out var region) ? region : GridRegion.National });
        decimal fuel = 0m, feedstock = 0m;
        foreach (var line in report.Fuels.Where(line => policy.CountedCarriers.Contains(line.Carrier)))
        {
            var tonnes = line.Quantity.InBaseOf(Measure.Mass, "annualUse.fuels.quantity");
            if (line.Use == FuelUse.Feedstock)
            {
                feedstock += tonnes;
            }
            else
            {
                fuel += tonnes;
            }
        }

        return new ProjectFigures
        {
            EnergyTce = balance.EnergyTce,
            EqualValueEnergyTce = balance.EqualValueEnergyTce,
            CoalFuelTonnes = fuel,
            CoalFeedstockTonnes = feedstock,
            Co2Tco2e = balance.GrossTco2e,
            FactorSetId = factorSetId,
        };
    });

    /// <summary>
    /// The factor set of the planned start year; for a year no set covers yet (a project years
    /// ahead), the current set of the latest year any set covers, recorded in the event so the
    /// figures never change silently when a later set is published.
    /// </summary>
    private string FactorSetFor(int year)
    {
        return Translate(() => catalog.ForYear(Math.Min(year, catalog.LatestYear))).Id;
    }

    private SubstitutionSourceView Source(string sourceId) =>
        state.Sources.FirstOrDefault(s => s.Source.Id == sourceId)
        ?? throw new RegistryException(RegistryErrorCode.UnknownSource, $"Source '{sourceId}' is not in the plan of project '{id}'.", "sourceId");

    private void SetSource(string sourceId, SourceStatus status, string? note)
    {
        var index = state.Sources.FindIndex(s => s.Source.Id == sourceId);
        state.Sources[index] = state.Sources[index] with { Status = status, Note = note };
    }

    private ProjectDecision Decide(LedgerEvent e)
    {
        var at = Now();
        return new ProjectDecision(e, at);
    }

    private void RequireRegistered()
    {
        if (state.Registration is null)
        {
            throw new RegistryException(RegistryErrorCode.UnknownProject, $"Project '{id}' is not registered.", "projectId");
        }
    }

    private void RequireStage(ProjectStage stage, string what)
    {
        RequireRegistered();
        if (state.Stage != stage)
        {
            throw new RegistryException(RegistryErrorCode.TransitionNotAllowed, $"{what}; project '{id}' is {state.Stage}.");
        }
    }

    private void RequireOpenStage()
    {
        if (state.Stage is ProjectStage.Rejected or ProjectStage.Closed)
        {
            throw new RegistryException(RegistryErrorCode.TransitionNotAllowed, $"Project '{id}' is {state.Stage}.");
        }
    }

    private static bool SameJson(LedgerProject a, LedgerProject b) =>
        System.Text.Json.JsonSerializer.Serialize(a, LedgerEvent.Json) == System.Text.Json.JsonSerializer.Serialize(b, LedgerEvent.Json);

    private static T Translate<T>(Func<T> compute)
    {
        try
        {
            return compute();
        }
        catch (AccountingException error)
        {
            throw new RegistryException(error.Code, error.Message, error.Field is { } f ? $"annualUse.{f}" : null);
        }
    }

    /// <summary>Now, to the microsecond (see <see cref="LedgerStreams.Now"/>).</summary>
    private DateTimeOffset Now() => LedgerStreams.Now(clock);
}
