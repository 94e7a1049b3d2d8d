using System.Globalization;
using System.Security.Claims;
using ForwardEmail.Dashboard.Core.Directory;

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
    /// <summary>Column sizes of the contributor record; longer values never reach the database or the cookie.</summary>
    public const int MaxSubjectLength = 255;
    public const int MaxEmailLength = 320;
    public const int MaxDisplayNameLength = 256;
    public const int MaxLocaleLength = 16;
    public const int MaxRoleLength = 256;
    public const int MaxRoles = 50;

    /// <summary>
    /// True when the provider sent a username that is not a Launchpad name (a look-alike such as the Kelvin sign, a
    /// fullwidth letter, a combining mark, or too long): the record becomes incomplete (<c>invalid-user</c>) and the
    /// value never renames, releases or matches anyone.
    /// </summary>
    public bool UsernameRejected { get; init; }

    /// <summary>When the person last signed in interactively; the session's absolute lifetime counts from here.</summary>
    public DateTimeOffset? SessionStartedAt { get; init; }

    /// <summary>When the provider last vouched for <see cref="ProviderRoles"/>; older than the maximum age, they no longer count.</summary>
    public DateTimeOffset? ProviderRolesAt { get; init; }

    /// <summary>The provider's session id (<c>sid</c>) and issuer (<c>iss</c>), checked by front-channel sign-out.</summary>
    public string? ProviderSessionId { get; init; }

    public string? Issuer { get; init; }

    /// <summary>
    /// Maps the provider's claims with the configured claim names, folding the username by ASCII rules only. Null with
    /// <paramref name="refusal"/> set when the sign-in cannot go on: no stable subject, or one longer than the record holds.
    /// </summary>
    public static SignInClaims? FromProvider(ClaimsPrincipal principal, OidcOptions options, out SignInRefusal? refusal)
    {
        refusal = null;
        var subject = Value(principal, "sub") ?? Value(principal, ClaimTypes.NameIdentifier);
        if (subject is null)
        {
            refusal = SignInRefusal.MissingSubject;
            return null;
        }

        if (subject.Length > MaxSubjectLength)
        {
            refusal = SignInRefusal.ClaimTooLong;
            return null;
        }

        var rawUsername = Value(principal, options.UsernameClaim);
        var username = LaunchpadName.TryNormalize(rawUsername, out var normalized) ? normalized : null;
        var email = Value(principal, options.EmailClaim);
        var locale = Value(principal, options.LocaleClaim);

        return new SignInClaims(
            subject,
            username,
            email is { Length: <= MaxEmailLength } ? email : null,
            Truncate(Value(principal, options.DisplayNameClaim), MaxDisplayNameLength),
            locale is { Length: <= MaxLocaleLength } ? locale : null,
            ProviderRoleValues(principal, options.RoleClaim))
        {
            UsernameRejected = rawUsername is not null && username is null,
            ProviderSessionId = Value(principal, "sid"),
            Issuer = Value(principal, "iss"),
        };
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
                [.. principal.FindAll(DashboardClaimTypes.ProviderRole).Select(c => c.Value)])
            {
                SessionStartedAt = Time(principal, DashboardClaimTypes.SessionStartedAt),
                ProviderRolesAt = Time(principal, DashboardClaimTypes.ProviderRolesAt),
                ProviderSessionId = Value(principal, DashboardClaimTypes.ProviderSessionId),
                Issuer = Value(principal, DashboardClaimTypes.Issuer),
            };
    }

    /// <summary>True once <paramref name="now"/> is past the session's absolute lifetime (a session without a start time is too old).</summary>
    public bool SessionExpired(DateTimeOffset now, TimeSpan absoluteLifetime) =>
        SessionStartedAt is not { } started || now - started >= absoluteLifetime;

    /// <summary>True while the provider's roles are younger than <paramref name="maxAge"/>.</summary>
    public bool ProviderRolesFresh(DateTimeOffset now, TimeSpan maxAge) =>
        ProviderRolesAt is { } at && now - at < maxAge;

    /// <summary>
    /// The slim identity stored in the session cookie: no tokens, values capped; roles are added per request, never stored.
    /// </summary>
    public ClaimsIdentity ToSessionIdentity(int contributorId, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(DashboardClaimTypes.Subject, Subject),
            new(DashboardClaimTypes.ContributorId, contributorId.ToString(CultureInfo.InvariantCulture)),
        };
        Add(DashboardClaimTypes.Username, Username);
        Add(DashboardClaimTypes.Email, Email);
        Add(DashboardClaimTypes.DisplayName, DisplayName);
        Add(DashboardClaimTypes.Locale, Locale);
        Add(DashboardClaimTypes.SessionStartedAt, UnixSeconds(SessionStartedAt));
        Add(DashboardClaimTypes.ProviderRolesAt, UnixSeconds(ProviderRolesAt));
        Add(DashboardClaimTypes.ProviderSessionId, ProviderSessionId);
        Add(DashboardClaimTypes.Issuer, Issuer);
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

    private static DateTimeOffset? Time(ClaimsPrincipal principal, string type) =>
        long.TryParse(Value(principal, type), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static string? UnixSeconds(DateTimeOffset? at) =>
        at?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>A display name is only shown, so an oversized one is shortened (on a character boundary) rather than refused.</summary>
    private static string? Truncate(string? value, int maxLength)
    {
        if (value is null || value.Length <= maxLength)
        {
            return value;
        }

        var cut = maxLength - 1;
        if (char.IsHighSurrogate(value[cut - 1]))
        {
            cut--;
        }

        return string.Concat(value.AsSpan(0, cut), "…");
    }

    /// <summary>Providers send roles as repeated claims, or as one JSON array claim; both are accepted, oversized values are not.</summary>
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

        return [.. values.Where(v => !string.IsNullOrEmpty(v) && v.Length <= MaxRoleLength).Distinct(StringComparer.Ordinal).Take(MaxRoles)];
    }
}

/// <summary>Why a sign-in was refused; the sign-in-failed page shows a message for each.</summary>
public enum SignInRefusal
{
    MissingSubject,
    ClaimTooLong,
}
