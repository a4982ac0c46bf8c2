using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CarbonRegistry.Api.Auth;

/// <summary>Mints bearer tokens (HS256) for a role and, for reporters, the entities they report for.</summary>
public static class TokenIssuer
{
    public const string EntityClaim = "entity";

    public static string Issue(SymmetricSecurityKey key, string subject, string role, IReadOnlyList<string> entities, TimeSpan lifetime, DateTimeOffset now)
    {
        if (!RegistryRoles.All.Contains(role))
        {
            throw new ArgumentException($"Unknown role '{role}'. Roles: {string.Join(", ", RegistryRoles.All)}.", nameof(role));
        }

        if (role == RegistryRoles.Reporter && entities.Count == 0)
        {
            throw new ArgumentException("A reporter token needs at least one --entity.", nameof(entities));
        }

        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, subject), new(ClaimTypes.Role, role) };
        claims.AddRange(entities.Select(entity => new Claim(EntityClaim, entity)));
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
