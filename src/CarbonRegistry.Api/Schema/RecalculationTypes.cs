using System.Text.RegularExpressions;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Recalculation;
using CarbonRegistry.Api.Auth;
using GraphQL;
using GraphQL.Types;

namespace CarbonRegistry.Api.Schema;

public sealed class RecalculationStatusType : EnumerationGraphType<RecalculationStatus>
{
    public RecalculationStatusType()
    {
        Name = "RecalculationStatus";
        Description = "Whether a recalculation job has entities left.";
    }
}

public sealed class RecalculationFailureType : ObjectGraphType<RecalculationFailure>
{
    public RecalculationFailureType()
    {
        Name = "RecalculationFailure";
        Description = "An entity a recalculation job could not recalculate.";
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The entity.").Resolve(c => c.Source.EntityId);
        Field<NonNullGraphType<ErrorCodeType>>("code").Description("The entity's stable error code, e.g. PERIOD_LOCKED.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("message").Description("Why.").Resolve(c => c.Source.Message);
    }
}

public sealed class RecalculationJobType : ObjectGraphType<RecalculationJobView>
{
    public RecalculationJobType()
    {
        Name = "RecalculationJob";
        Description = "A recorded recalculation of every entity of a subtree for a year with another factor set (stream recalculation:<id>); each entity's recalculation is a Recalculated event of its own stream.";
        Field<NonNullGraphType<StringGraphType>>("id").Description("The job's id.").Resolve(c => c.Source.JobId);
        Field<NonNullGraphType<IdGraphType>>("rootId").Description("The root of the subtree.").Resolve(c => c.Source.RootId);
        Field<NonNullGraphType<IntGraphType>>("year").Description("The year recalculated.").Resolve(c => c.Source.Year);
        Field<NonNullGraphType<StringGraphType>>("factorSetId").Description("The factor set the year is recalculated with.").Resolve(c => c.Source.FactorSetId);
        Field<StringGraphType>("deductionRuleSetId").Description("The deduction rule set each entity's year is switched to; null when the job leaves deductions as they are.").Resolve(c => c.Source.DeductionRuleSetId);
        Field<NonNullGraphType<RecalculationStatusType>>("status").Description("RUNNING or FINISHED.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<IntGraphType>>("total").Description("The active entities of the subtree when the job started.").Resolve(c => c.Source.Total);
        Field<NonNullGraphType<IntGraphType>>("done").Description("Entities dealt with so far: recalculated, unchanged or refused.").Resolve(c => c.Source.Done);
        Field<NonNullGraphType<IntGraphType>>("recalculated").Description("Entities recalculated.").Resolve(c => c.Source.Recalculated);
        Field<NonNullGraphType<IntGraphType>>("unchanged").Description("Entities whose reported months of the year already used the set.").Resolve(c => c.Source.Unchanged);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RecalculationFailureType>>>>("failures").Description("Entities refused, with their code.").Resolve(c => c.Source.Failures);
        Field<NonNullGraphType<StringGraphType>>("startedBy").Description("Who started it: subject (role).").Resolve(c => c.Source.StartedBy);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("startedAt").Description("When it started.").Resolve(c => c.Source.StartedAt);
        Field<DateTimeOffsetGraphType>("finishedAt").Description("When it finished; null while running.").Resolve(c => c.Source.FinishedAt);
    }
}

internal static partial class RecalculationFields
{
    public static void AddQueries(ObjectGraphType query) =>
        query.Field<RecalculationJobType>("recalculationJob")
            .Description("A recalculation job by its id (admin, provincial); null when none has it. Reading a job left running by a restart resumes it.")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(async c =>
            {
                Resolvers.Caller(c).Require(RegistryRoles.Admin, RegistryRoles.Provincial);
                var id = JobId(c.GetArgument<string>("id"));
                return await Resolvers.Guard(() => Resolvers.Grains(c).GetGrain<IRecalculationJobGrain>(id).GetView());
            });

    public static void AddMutations(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<RecalculationJobType>>("startRecalculation")
            .Description("Starts a recorded job that recalculates a year of every active entity under rootId (itself included) with another factor set, in batches, and answers at once; follow it with Query.recalculationJob. The same id with the same arguments returns the job; with others, RECALCULATION_JOB_EXISTS (admin).")
            .Argument<StringGraphType>("jobId", "The job's id (1–100 of A–Z, a–z, 0–9, '.', '_', '-'); a new one when omitted.")
            .Argument<NonNullGraphType<IdGraphType>>("rootId", "The root of the subtree.")
            .Argument<NonNullGraphType<IntGraphType>>("year", "The year.")
            .Argument<NonNullGraphType<StringGraphType>>("factorSetId", "The factor set, covering the year.")
            .Argument<StringGraphType>("deductionRuleSetId", "A deduction rule set (Query.deductionRules) to switch each entity's year to, recorded as Mutation.switchDeductionRuleSet would; omitted, deductions are left as they are.")
            .ResolveAsync(async c =>
            {
                var caller = Resolvers.Caller(c);
                caller.Require(RegistryRoles.Admin);
                var id = JobId(c.GetArgument<string?>("jobId") ?? Guid.NewGuid().ToString("N"));
                var rootId = c.GetArgument<string>("rootId");
                _ = Resolvers.Entity(c, rootId);
                return await Resolvers.Guard(() => Resolvers.Grains(c).GetGrain<IRecalculationJobGrain>(id).Start(rootId, c.GetArgument<int>("year"), c.GetArgument<string>("factorSetId"), caller.Actor, c.GetArgument<string?>("deductionRuleSetId")));
            });

    private static string JobId(string id) => JobIdPattern().IsMatch(id)
        ? id
        : throw new ExecutionError($"Job id '{id}' is not 1–100 of A–Z, a–z, 0–9, '.', '_', '-'.") { Code = "BAD_REQUEST" };

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex JobIdPattern();
}
