using System.Security.Claims;

namespace ForwardEmail.Dashboard.Web.Features.Auth;

/// <summary>What one sign-in tells us about the person, read from the identity provider's claims.</summary>
public sealed record SignInClaims(
    string Subject,
    string? Username,
    string? Email,
    string? DisplayName,
    string? Locale,
    IReadOnlyList<string> ProviderRoles)
{
    /// <summary>Maps the provider's claims with the configured claim names; null when the stable subject is missing.</summary>
    public static SignInClaims? FromProvider(ClaimsPrincipal principal, OidcOptions options)
    {
        var subject = Value(principal, "sub") ?? Value(principal, ClaimTypes.NameIdentifier);
        if (subject is null)
        {
            return null;
        }

        return new SignInClaims(
            subject,
            Value(principal, options.UsernameClaim)?.ToLowerInvariant(),
            Value(principal, options.EmailClaim),
            Value(principal, options.DisplayNameClaim),
            Value(principal, options.LocaleClaim),
            ProviderRoleValues(principal, options.RoleClaim));
    }

    /// <summary>Reads the claims back from the dashboard's own session cookie.</summary>
    public static SignInClaims? FromSession(ClaimsPrincipal principal)
    {
        var subject = Value(principal, DashboardClaimTypes.Subject);
        return subject is null
            ? null
            : new SignInClaims(
                subject,
                Value(principal, DashboardClaimTypes.Username),
                Value(principal, DashboardClaimTypes.Email),
                Value(principal, DashboardClaimTypes.DisplayName),
                Value(principal, DashboardClaimTypes.Locale),
                [.. principal.FindAll(DashboardClaimTypes.ProviderRole).Select(c => c.Value)]);
    }

    /// <summary>The slim identity stored in the session cookie; roles are added per request, never stored.</summary>
    public ClaimsIdentity ToSessionIdentity(int contributorId, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(DashboardClaimTypes.Subject, Subject),
            new(DashboardClaimTypes.ContributorId, contributorId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        Add(DashboardClaimTypes.Username, Username);
        Add(DashboardClaimTypes.Email, Email);
        Add(DashboardClaimTypes.DisplayName, DisplayName);
        Add(DashboardClaimTypes.Locale, Locale);
        claims.AddRange(ProviderRoles.Select(r => new Claim(DashboardClaimTypes.ProviderRole, r)));
        return new ClaimsIdentity(claims, authenticationType, DashboardClaimTypes.Username, DashboardClaimTypes.Role);

        void Add(string type, string? value)
        {
            if (value is not null)
            {
                claims.Add(new Claim(type, value));
            }
        }
    }

    private static string? Value(ClaimsPrincipal principal, string type)
    {
        var value = principal.FindFirst(type)?.Value?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Providers send roles as repeated claims, or as one JSON array claim; both are accepted.</summary>
    private static List<string> ProviderRoleValues(ClaimsPrincipal principal, string type)
    {
        var values = new List<string>();
        foreach (var claim in principal.FindAll(type))
        {
            var raw = claim.Value.Trim();
            if (raw.StartsWith('[') && raw.EndsWith(']'))
            {
                try
                {
                    values.AddRange(System.Text.Json.JsonSerializer.Deserialize<string[]>(raw) ?? []);
                    continue;
                }
                catch (System.Text.Json.JsonException)
                {
                    // Not a JSON array after all: keep the value as it is.
                }
            }

            if (raw.Length > 0)
            {
                values.Add(raw);
            }
        }

        return [.. values.Distinct(StringComparer.Ordinal)];
    }
}
