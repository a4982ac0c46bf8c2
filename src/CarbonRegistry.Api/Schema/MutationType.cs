using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Abstractions.Telemetry;
using CarbonRegistry.Api.Auth;
using GraphQL;
using GraphQL.Types;

namespace CarbonRegistry.Api.Schema;

public sealed class MutationType : ObjectGraphType
{
    /// <summary>The most reports one submitReports call takes.</summary>
    public const int MaxBatch = 1_000;

    public MutationType()
    {
        Name = "Mutation";
        Field<NonNullGraphType<EntityType>>("registerEntity").Description("Registers an entity under its parent (admin).")
            .Argument<NonNullGraphType<RegisterEntityInputType>>("input")
            .ResolveAsync(async c =>
            {
                var caller = Resolvers.Caller(c);
                caller.Require(RegistryRoles.Admin);
                var registration = c.GetArgument<EntityRegistration>("input");
                return (await Resolvers.Guard(() => Resolvers.Entity(c, registration.Id).Register(registration, caller.Actor))).Registration;
            });
        Field<NonNullGraphType<ReportResultType>>("submitReport").Description("Files a month's report; acknowledged once committed to the ledger.")
            .Argument<NonNullGraphType<ReportInputType>>("input")
            .ResolveAsync(async c =>
            {
                var request = c.GetArgument<ReportRequest>("input");
                var caller = Resolvers.Caller(c);
                await caller.RequireReportAsync(request.EntityId);
                return await Counted("submit", () => Resolvers.Guard(() => Resolvers.Entity(c, request.EntityId).SubmitReport(request.Report, caller.Actor)));
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BatchItemResultType>>>>("submitReports")
            .Description($"Up to {MaxBatch} reports; each item succeeds or fails on its own.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<ReportInputType>>>>("inputs")
            .ResolveAsync(async c =>
            {
                var requests = c.GetArgument<List<ReportRequest>>("inputs");
                if (requests.Count > MaxBatch)
                {
                    throw new ExecutionError($"At most {MaxBatch} reports per call.") { Code = RegistryErrorCode.TooManyItems };
                }

                var caller = Resolvers.Caller(c);
                caller.Require(RegistryRoles.Reporter);
                return await Task.WhenAll(requests.Select(async request =>
                {
                    try
                    {
                        return new BatchItemResult(request.EntityId, await Counted("submit", () => Resolvers.Guard(async () =>
                        {
                            await caller.RequireReportAsync(request.EntityId);
                            return await Resolvers.Entity(c, request.EntityId).SubmitReport(request.Report, caller.Actor);
                        })), null, null);
                    }
                    catch (ExecutionError error)
                    {
                        return new BatchItemResult(request.EntityId, null, error.Code, error.Message);
                    }
                }));
            });
        Field<NonNullGraphType<ReportResultType>>("amendReport").Description("Amends a filed month with a reason; the old version stays in the audit trail.")
            .Argument<NonNullGraphType<AmendReportInputType>>("input")
            .ResolveAsync(async c =>
            {
                var request = c.GetArgument<AmendRequest>("input");
                var caller = Resolvers.Caller(c);
                await caller.RequireReportAsync(request.EntityId);
                return await Counted("amend", () => Resolvers.Guard(() => Resolvers.Entity(c, request.EntityId).AmendReport(request.Amendment, caller.Actor)));
            });
        Field<NonNullGraphType<DualControlStatusType>>("setTargets").Description("Sets the dual-control targets of a year.")
            .Argument<NonNullGraphType<TargetsInputType>>("input")
            .ResolveAsync(async c =>
            {
                var request = c.GetArgument<TargetsRequest>("input");
                var caller = Resolvers.Caller(c);
                caller.Require(RegistryRoles.Provincial);
                return await Resolvers.Guard(() => Resolvers.Entity(c, request.EntityId).SetTargets(request.Targets, caller.Actor));
            });
        Field<NonNullGraphType<PeriodStatusType>>("lockPeriod").Description("Locks a month (or a year) against reports and amendments.")
            .Argument<NonNullGraphType<IdGraphType>>("entityId")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<IntGraphType>("month")
            .ResolveAsync(async c =>
            {
                var caller = Resolvers.Caller(c);
                caller.Require(RegistryRoles.Provincial);
                return await Resolvers.Guard(() => Resolvers.Entity(c, c.GetArgument<string>("entityId")).LockPeriod(c.GetArgument<int>("year"), c.GetArgument<int?>("month"), caller.Actor));
            });
        Field<NonNullGraphType<PeriodStatusType>>("verifyPeriod").Description("Records that a month (or a year) was verified.")
            .Argument<NonNullGraphType<IdGraphType>>("entityId")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<IntGraphType>("month")
            .ResolveAsync(async c =>
            {
                var caller = Resolvers.Caller(c);
                caller.Require(RegistryRoles.Verifier);
                return await Resolvers.Guard(() => Resolvers.Entity(c, c.GetArgument<string>("entityId")).VerifyPeriod(c.GetArgument<int>("year"), c.GetArgument<int?>("month"), caller.Actor));
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BalanceType>>>>("recalculate")
            .Description("Recomputes every reported month of a year with another factor set; recorded in the ledger.")
            .Argument<NonNullGraphType<IdGraphType>>("entityId")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<NonNullGraphType<StringGraphType>>("factorSetId")
            .ResolveAsync(async c =>
            {
                var caller = Resolvers.Caller(c);
                caller.Require(RegistryRoles.Admin);
                return await Resolvers.Guard(() => Resolvers.Entity(c, c.GetArgument<string>("entityId")).Recalculate(c.GetArgument<int>("year"), c.GetArgument<string>("factorSetId"), caller.Actor));
            });
        Field<NonNullGraphType<BalanceType>>("switchDeductionRuleSet")
            .Description("Switches an entity's year to another deduction rule set (Query.deductionRules), recorded in the ledger with the reason; answers the year's total balance under it. Deductions are derived on read, so nothing else is rewritten. For a whole subtree, Mutation.startRecalculation(deductionRuleSetId:).")
            .Argument<NonNullGraphType<IdGraphType>>("entityId")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<NonNullGraphType<StringGraphType>>("ruleSetId")
            .Argument<NonNullGraphType<StringGraphType>>("reason")
            .ResolveAsync(async c =>
            {
                var caller = Resolvers.Caller(c);
                caller.Require(RegistryRoles.Admin);
                return await Resolvers.Guard(() => Resolvers.Entity(c, c.GetArgument<string>("entityId")).SwitchDeductionRuleSet(c.GetArgument<int>("year"), c.GetArgument<string>("ruleSetId"), c.GetArgument<string>("reason"), caller.Actor));
            });
        ProjectFields.AddMutations(this);
        ZeroCarbonFields.AddMutations(this);
        AssessmentFields.AddMutations(this);
        PlanTargetFields.AddMutations(this);
        BudgetFields.AddMutations(this);
        RecalculationFields.AddMutations(this);
    }

    /// <summary>Counts a report accepted, or refused with its code (registry.reports.accepted and .rejected).</summary>
    private static async Task<ReportResult> Counted(string operation, Func<Task<ReportResult>> action)
    {
        try
        {
            var result = await action();
            RegistryTelemetry.ReportsAccepted.Add(1, new KeyValuePair<string, object?>("operation", operation));
            return result;
        }
        catch (ExecutionError error)
        {
            RegistryTelemetry.ReportsRejected.Add(1, new("operation", operation), new("code", error.Code ?? "UNKNOWN"));
            throw;
        }
    }
}

/// <summary>One item of a batch: its result, or its error.</summary>
public sealed record BatchItemResult(string EntityId, ReportResult? Result, string? ErrorCode, string? ErrorMessage);

public sealed class BatchItemResultType : ObjectGraphType<BatchItemResult>
{
    public BatchItemResultType()
    {
        Name = "BatchItemResult";
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The entity of the item.").Resolve(c => c.Source.EntityId);
        Field<ReportResultType>("result").Description("The result of an accepted item.").Resolve(c => c.Source.Result);
        Field<StringGraphType>("errorCode").Description("The stable error code when this item failed.").Resolve(c => c.Source.ErrorCode);
        Field<StringGraphType>("errorMessage").Description("Why an item was refused.").Resolve(c => c.Source.ErrorMessage);
    }
}
