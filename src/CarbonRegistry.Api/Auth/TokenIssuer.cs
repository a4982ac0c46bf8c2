using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CarbonRegistry.Api.Auth;

/// <summary>Mints bearer tokens (HS256) for a role and, for reporters, the entities they report for; for reviewers, their departments.</summary>
public static class TokenIssuer
{
    public const string EntityClaim = "entity";

    public const string DepartmentClaim = "department";

    public static string Issue(SymmetricSecurityKey key, string subject, string role, IReadOnlyList<string> entities, TimeSpan lifetime, DateTimeOffset now, IReadOnlyList<string>? departments = null)
    {
        departments ??= [];
        if (!RegistryRoles.All.Contains(role))
        {
            throw new ArgumentException($"Unknown role '{role}'. Roles: {string.Join(", ", RegistryRoles.All)}.", nameof(role));
        }

        if (role == RegistryRoles.Reporter && entities.Count == 0)
        {
            throw new ArgumentException("A reporter token needs at least one --entity.", nameof(entities));
        }

        if (role == RegistryRoles.Reviewer && departments.Count == 0)
        {
            throw new ArgumentException("A reviewer token needs at least one --department.", nameof(departments));
        }

        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, subject), new(ClaimTypes.Role, role) };
        claims.AddRange(entities.Select(entity => new Claim(EntityClaim, entity)));
        claims.AddRange(departments.Select(department => new Claim(DepartmentClaim, department)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.Issuer,
            Audience = AuthOptions.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
