using System.Globalization;
using System.Text;
using System.Text.Json;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Api.Auth;
using GraphQL;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonRegistry.Api.Schema;

/// <summary>What every resolver needs: the caller, the grains, and the translation of domain errors into GraphQL errors.</summary>
internal static class Resolvers
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static Caller Caller(IResolveFieldContext context) =>
        (context.UserContext as RegistryUserContext)?.Caller ?? throw new ExecutionError("Not authenticated.") { Code = "UNAUTHENTICATED" };

    public static IGrainFactory Grains(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<IGrainFactory>();

    public static IEntityGrain Entity(IResolveFieldContext context, string id) => context.RequestServices!.GetRequiredService<EntityGrains>().Get(id);

    public static IRegistryQueryGrain Queries(IResolveFieldContext context) => Grains(context).GetGrain<IRegistryQueryGrain>(0);

    /// <summary>Reads through an entity's grain after checking that the caller may read it.</summary>
    public static async Task<T> ReadAsync<T>(IResolveFieldContext context, string entityId, Func<IEntityGrain, Task<T>> read)
    {
        await Caller(context).RequireReadAsync(entityId);
        return await Guard(() => read(Entity(context, entityId)));
    }

    /// <summary>Domain errors become GraphQL errors with the stable code in extensions.code (and the field and retriability); cluster failures become UNAVAILABLE, database failures STORAGE_UNAVAILABLE.</summary>
    public static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (RegistryException error)
        {
            throw ToGraphError(error);
        }
        catch (Exception error) when (Transient.ErrorFor(error) is { } retriable)
        {
            throw retriable;
        }
    }

    /// <summary>A domain error as GraphQL reports it: the stable code in extensions.code, with the field and retriability.</summary>
    public static ExecutionError ToGraphError(RegistryException error)
    {
        var graphError = new ExecutionError(error.Message) { Code = error.Code };
        if (error.Field is not null)
        {
            graphError.Data["field"] = error.Field;
        }

        graphError.Data["retriable"] = error.Retriable;
        return graphError;
    }

    /// <summary>The cursor of a ledger event: its sequence.</summary>
    public static string EncodeSequence(long sequence) => EncodeNumber("seq:", sequence);

    /// <summary>The sequence a ledger cursor stands for (0 without one).</summary>
    public static long SequenceCursor(string? cursor) => DecodeNumber("seq:", cursor);

    /// <summary>The cursor of a ranking row: its rank.</summary>
    public static string EncodeRank(int rank) => EncodeNumber("rank:", rank);

    /// <summary>The rank a ranking cursor stands for (0 without one).</summary>
    public static int RankCursor(string? cursor) => DecodeNumber("rank:", cursor) is var rank && rank <= int.MaxValue ? (int)rank : throw InvalidCursor();

    /// <summary>An opaque cursor: base64 of a kind prefix and a number.</summary>
    private static string EncodeNumber(string prefix, long value) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(prefix + value.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The number of a cursor of <paramref name="prefix"/>'s kind (0 without one); any other text is <c>INVALID_PAGE</c>.</summary>
    private static long DecodeNumber(string prefix, string? cursor)
    {
        if (cursor is null)
        {
            return 0;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.StartsWith(prefix, StringComparison.Ordinal) ? long.Parse(text[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture) : throw new FormatException();
        }
        catch (Exception error) when (error is FormatException or OverflowException)
        {
            throw InvalidCursor();
        }
    }

    private static ExecutionError InvalidCursor() => new("The cursor was not issued by this registry.") { Code = RegistryErrorCode.InvalidPage };
}

/// <summary>The user context of a request: who is calling, and the request's batch loaders.</summary>
public sealed class RegistryUserContext(Caller caller) : Dictionary<string, object?>
{
    private BatchLoader<string, IReadOnlyList<Abstractions.Entities.EntityRegistration>>? _children;

    public Caller Caller { get; } = caller;

    /// <summary>
    /// Set by a transport that can fall behind (WebSocket): subscriptions await it before each event,
    /// so a burst (a long replay) waits for the client instead of piling up in memory.
    /// </summary>
    public Func<CancellationToken, Task>? WaitForRoom { get; init; }

    /// <summary>Children of many entities of one level of the query, in one read-model query.</summary>
    internal BatchLoader<string, IReadOnlyList<Abstractions.Entities.EntityRegistration>> Children(IRegistryQueryGrain queries) =>
        _children ??= new(parents => queries.GetChildrenOf(parents));
}
