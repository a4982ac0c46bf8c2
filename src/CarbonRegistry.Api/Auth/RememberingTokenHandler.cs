using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CarbonRegistry.Api.Auth;

/// <summary>
/// The JWT handler, remembering the tokens it has found valid. Dashboards and reporting systems send
/// the same bearer token with every request, and checking its signature and claims again each time
/// was about a twentieth of a query's cost. A token is remembered until it expires, for at most
/// <see cref="MaxAge"/>; a token found invalid is never remembered. Each request gets its own copy
/// of the identity.
/// </summary>
public sealed class RememberingTokenHandler : JsonWebTokenHandler
{
    /// <summary>How long a validated token is trusted without being checked again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, (TokenValidationResult Result, DateTime Until)> _valid = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = DateTime.UtcNow;
        if (_valid.TryGetValue(token, out var known))
        {
            if (now < known.Until)
            {
                return new TokenValidationResult
                {
                    IsValid = true,
                    ClaimsIdentity = known.Result.ClaimsIdentity.Clone(),
                    SecurityToken = known.Result.SecurityToken,
                    TokenType = known.Result.TokenType,
                };
            }

            _valid.TryRemove(token, out _);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken.ValidTo > now)
        {
            if (_valid.Count >= MaxEntries)
            {
                _valid.Clear();
            }

            // A copy of its own: the request that validated it goes on with the original.
            var kept = new TokenValidationResult { IsValid = true, ClaimsIdentity = result.ClaimsIdentity.Clone(), SecurityToken = result.SecurityToken, TokenType = result.TokenType };
            _valid[token] = (kept, result.SecurityToken.ValidTo < now + MaxAge ? result.SecurityToken.ValidTo : now + MaxAge);
        }

        return result;
    }
}
