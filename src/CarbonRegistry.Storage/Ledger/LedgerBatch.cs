using System.Data.Common;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Storage.Database;
using CarbonRegistry.Storage.ReadModel;
using Dapper;

namespace CarbonRegistry.Storage.Ledger;

/// <summary>
/// Commits a batch of <see cref="LedgerCommit"/>s in one transaction: entity rows, the products
/// reports state (<see cref="ProductionRows"/>), ledger events, then every balance row the
/// <see cref="RollupPlan"/> says the batch changes, each delta added to its row in the database.
/// Ledger transactions are serialized (the dialect's writer lock), which keeps sequences in commit
/// order. The engine's <see cref="LedgerDialect"/> writes the rows and may take the whole batch in
/// one round trip.
/// </summary>
internal static class LedgerBatch
{
    public static Task<CommitOutcome[]> CommitAsync(RegistryDatabase database, LedgerDialect dialect, AncestorChains chains, IReadOnlyList<LedgerCommit> commits, CancellationToken cancellationToken) =>
        dialect.TryCommitInOneRoundTrip(database, chains, commits, cancellationToken)
        ?? CommitInTransactionAsync(database, dialect, chains, commits, cancellationToken);

    /// <summary>An explicit transaction, chains read inside it (SQLite, and moves on PostgreSQL).</summary>
    private static async Task<CommitOutcome[]> CommitInTransactionAsync(RegistryDatabase database, LedgerDialect dialect, AncestorChains cache, IReadOnlyList<LedgerCommit> commits, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (dialect.WriterLockSql is { } lockSql)
        {
            await connection.ExecuteAsync(lockSql, transaction: transaction);
        }

        var plan = new RollupPlan(commits.Count);
        for (var i = 0; i < commits.Count; i++)
        {
            if (commits[i].MovedFromParentId is { } oldParent)
            {
                await PlanMoveAsync(connection, transaction, plan, i, commits[i], oldParent);
            }
        }

        foreach (var entity in commits.Select(commit => commit.Entity).OfType<EntityRecord>())
        {
            await LedgerDialect.UpsertEntityAsync(connection, transaction, entity);
        }

        foreach (var (sql, parameters) in ProductionRows.Statements(commits))
        {
            await connection.ExecuteAsync(sql, new DynamicParameters(parameters.ToDictionary(p => p.Name, p => p.Value)), transaction);
        }

        var sequences = await dialect.InsertEventsAsync(connection, transaction, commits);

        var withDeltas = commits.Where(commit => commit.Deltas.Count > 0).Select(commit => commit.EntityId).Distinct().ToList();
        var chains = withDeltas.Count > 0 ? await AncestorChains.ReadAsync(connection, transaction, withDeltas) : [];
        plan.AddOwnDeltas(commits, chains);

        var rows = await dialect.AddDeltasAsync(connection, transaction, plan.Ordered());
        try
        {
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception error) when (LedgerOutcomeUnknownException.LeavesOutcomeUnknown(error))
        {
            // A move may have landed: the cached chains may be out of date either way.
            cache.Clear();
            throw new LedgerOutcomeUnknownException(error);
        }

        if (commits.Any(commit => commit.MovedFromParentId is not null))
        {
            cache.Clear();
        }

        return plan.Outcomes(sequences, rows);
    }

    /// <summary>Reads what a move needs (both parents' chains, the entity's totals) and plans it.</summary>
    private static async Task PlanMoveAsync(DbConnection connection, DbTransaction transaction, RollupPlan plan, int index, LedgerCommit commit, string oldParent)
    {
        var newParent = commit.Entity?.ParentId ?? throw new InvalidOperationException("A move must carry the entity row with its new parent.");
        var chains = await AncestorChains.ReadAsync(connection, transaction, [oldParent, newParent]);
        var totals = await BalanceColumns.ReadRowsAsync(connection, transaction, [commit.EntityId], row => row.Scope == (commit.Leaf ? BalanceScope.Own : BalanceScope.Total));
        plan.AddMove(index, chains[oldParent], chains[newParent], totals.Values);
    }
}
