using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Ledger;
using CarbonRegistry.Abstractions.Queries;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonRegistry.Api.Schema;

public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        Field<EntityType>("entity")
            .Description("An entity by id, or null when none is registered under it.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<string>("id");
                await Resolvers.Caller(c).RequireReadAsync(id);
                return (await Resolvers.Entity(c, id).GetInfo())?.Registration;
            });
        Field<NonNullGraphType<EntityConnectionType>>("entities")
            .Description("Entities by id, a page at a time (first ≤ 500).")
            .Argument<EntityKindType>("kind")
            .Argument<IdGraphType>("parentId")
            .Argument<PilotProgramType>("pilot")
            .Argument<StringGraphType>("search", "Only entities whose English or Chinese name contains this text.")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                var caller = Resolvers.Caller(c);
                caller.Require(Auth.RegistryRoles.Verifier, Auth.RegistryRoles.Provincial, Auth.RegistryRoles.Dashboard, Auth.RegistryRoles.Reporter);
                var filter = new EntityFilter { Kind = c.GetArgument<EntityKind?>("kind"), ParentId = c.GetArgument<string?>("parentId"), Pilot = c.GetArgument<PilotProgram?>("pilot"), Search = c.GetArgument<string?>("search") };
                if (caller.Role == Auth.RegistryRoles.Reporter)
                {
                    // A reporter lists the children of an entity it may read, and so nothing outside its scope.
                    await caller.RequireReadAsync(filter.ParentId ?? throw new ExecutionError("A reporter lists entities by parentId, one in its scope.") { Code = "FORBIDDEN" });
                }

                return new EntityPage(await Resolvers.Guard(() => Resolvers.Queries(c).GetEntities(filter, c.GetArgument("first", 50), c.GetArgument<string?>("after"))), filter);
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RankingRowType>>>>("ranking")
            .Description("Entities ranked by a metric of the year's rollup, highest first.")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<NonNullGraphType<RankingMetricType>>("metric")
            .Argument<EntityKindType>("kind")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after", "A row's cursor: the rows ranked after it.")
            .ResolveAsync(async c =>
            {
                Resolvers.Caller(c).Require(Auth.RegistryRoles.Verifier, Auth.RegistryRoles.Provincial, Auth.RegistryRoles.Dashboard);
                var after = Resolvers.RankCursor(c.GetArgument<string?>("after"));
                return await Resolvers.Guard(() => Resolvers.Queries(c).GetRanking(c.GetArgument<int>("year"), c.GetArgument<RankingMetric>("metric"), c.GetArgument<EntityKind?>("kind"), c.GetArgument("first", 20), after));
            });
        Field<NonNullGraphType<LongGraphType>>("lastSequence")
            .Description("The ledger's last sequence: query with it, then subscribe with afterSequence set to it, and nothing in between is missed.")
            .ResolveAsync(async c =>
            {
                Resolvers.Caller(c).Require(Auth.RegistryRoles.Verifier, Auth.RegistryRoles.Provincial, Auth.RegistryRoles.Dashboard, Auth.RegistryRoles.Reporter);
                return await c.RequestServices!.GetRequiredService<ILedgerFeed>().LastSequenceAsync(c.CancellationToken);
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FactorSetType>>>>("factorSets").Description("Every loaded factor set with its sources.")
            .ResolveAsync(async c => await Resolvers.Guard(() => Resolvers.Queries(c).GetFactorSets()));
        ProjectFields.AddQueries(this);
        ZeroCarbonFields.AddQueries(this);
        DiscoveryFields.AddQueries(this);
        ProductionFields.AddQueries(this);
        AssessmentFields.AddQueries(this);
        BudgetFields.AddQueries(this);
        RecalculationFields.AddQueries(this);
    }
}
