using System.Security.Claims;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Reports;
using GraphQL;

namespace CarbonRegistry.Api.Auth;

/// <summary>
/// The authenticated caller of one request, and the access rules. A reporter's scope is the
/// entities in its token and everything under them; the ancestry of an entity is looked up once
/// per request.
/// </summary>
public sealed class Caller(ClaimsPrincipal principal, IGrainFactory grains)
{
    private readonly Dictionary<string, bool> _inScope = new(StringComparer.Ordinal);

    public string Subject { get; } = principal.FindFirstValue("sub") ?? principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";

    public string Role { get; } = principal.FindFirstValue(ClaimTypes.Role) ?? "";

    public IReadOnlySet<string> Entities { get; } = principal.FindAll(TokenIssuer.EntityClaim).Select(claim => claim.Value).ToHashSet(StringComparer.Ordinal);

    public IReadOnlySet<string> Departments { get; } = principal.FindAll(TokenIssuer.DepartmentClaim).Select(claim => claim.Value).ToHashSet(StringComparer.Ordinal);

    public Actor Actor => new(Subject, Role);

    /// <summary>
    /// Throws unless the caller may sign off for <paramref name="department"/>: a reviewer whose
    /// token carries it (REVIEWER_NOT_IN_DEPARTMENT otherwise), or an admin.
    /// </summary>
    public void RequireDepartment(string department)
    {
        Require(RegistryRoles.Reviewer);
        if (Role == RegistryRoles.Reviewer && !Departments.Contains(department))
        {
            throw new ExecutionError($"This reviewer signs for {string.Join(", ", Departments)}, not '{department}'.") { Code = Abstractions.Errors.RegistryErrorCode.ReviewerNotInDepartment };
        }
    }

    /// <summary>Throws FORBIDDEN unless the caller has one of <paramref name="roles"/> (admin always passes).</summary>
    public void Require(params string[] roles)
    {
        if (Role != RegistryRoles.Admin && !roles.Contains(Role))
        {
            throw Forbidden($"The {Role} role may not do this; it needs {string.Join(" or ", roles)}.");
        }
    }

    /// <summary>Throws FORBIDDEN unless the caller may read <paramref name="entityId"/>.</summary>
    public async Task RequireReadAsync(string entityId)
    {
        if (Role == RegistryRoles.Reporter && !await InScopeAsync(entityId))
        {
            throw Forbidden($"Entity '{entityId}' is outside this reporter's scope.");
        }
    }

    /// <summary>Throws FORBIDDEN unless the caller may file reports for <paramref name="entityId"/>.</summary>
    public async Task RequireReportAsync(string entityId)
    {
        Require(RegistryRoles.Reporter);
        if (Role == RegistryRoles.Reporter && !await InScopeAsync(entityId))
        {
            throw Forbidden($"Entity '{entityId}' is outside this reporter's scope.");
        }
    }

    private async Task<bool> InScopeAsync(string entityId)
    {
        if (_inScope.TryGetValue(entityId, out var known))
        {
            return known;
        }

        var inScope = Entities.Contains(entityId);
        if (!inScope)
        {
            await foreach (var ancestor in EntityAncestry.UpFromAsync(id => grains.GetGrain<IEntityGrain>(id), entityId))
            {
                if (Entities.Contains(ancestor.Registration.Id))
                {
                    inScope = true;
                    break;
                }
            }
        }

        _inScope[entityId] = inScope;
        return inScope;
    }

    private static ExecutionError Forbidden(string message) => new(message) { Code = "FORBIDDEN" };
}
