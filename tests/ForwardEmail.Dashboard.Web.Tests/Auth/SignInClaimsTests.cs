using System.Security.Claims;
using ForwardEmail.Dashboard.Web.Features.Auth;

namespace ForwardEmail.Dashboard.Web.Tests.Auth;

public sealed class SignInClaimsTests
{
    private static ClaimsPrincipal Provider(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "oidc"));

    private static SignInClaims? FromProvider(ClaimsPrincipal principal, OidcOptions options) =>
        SignInClaims.FromProvider(principal, options, out _);

    [Theory]
    [InlineData("nadia-\u212A")]       // Kelvin sign K, lowercased by ToLowerInvariant to "k"
    [InlineData("\u212Awame")]
    [InlineData("adm\u0131n")]         // dotless i
    [InlineData("ADM\u0130N")]         // capital I with dot above
    [InlineData("\uFF4Bwame")]         // fullwidth k
    [InlineData("kwa\u0301me")]        // combining acute accent
    [InlineData("k\u200Bwame")]        // zero-width space
    [InlineData("-kwame")]
    public void FromProvider_RejectsAUsernameThatIsNotALaunchpadName_AndKeepsNoUsername(string escaped)
    {
        var username = System.Text.RegularExpressions.Regex.Unescape(escaped);

        var claims = FromProvider(Provider(("sub", "s-attacker"), ("preferred_username", username)), new OidcOptions());

        Assert.Null(claims!.Username);
        Assert.True(claims.UsernameRejected);
    }

    [Fact]
    public void FromProvider_RejectsAUsernameLongerThanTheRecordHolds()
    {
        var claims = FromProvider(Provider(("sub", "s-1"), ("preferred_username", new string('a', 65))), new OidcOptions());

        Assert.Null(claims!.Username);
        Assert.True(claims.UsernameRejected);
    }

    [Fact]
    public void FromProvider_ShortensA20000CharacterDisplayName_ToTheColumnSize()
    {
        var claims = FromProvider(Provider(("sub", "s-1"), ("name", new string('N', 20_000))), new OidcOptions());

        Assert.Equal(SignInClaims.MaxDisplayNameLength, claims!.DisplayName!.Length);
        Assert.EndsWith("…", claims.DisplayName, StringComparison.Ordinal);
    }

    [Fact]
    public void FromProvider_DropsAnOversizedEmailLocaleAndRole()
    {
        var claims = FromProvider(
            Provider(("sub", "s-1"), ("email", new string('e', 320) + "@example.org"), ("locale", new string('l', 17)),
                ("roles", new string('r', 257)), ("roles", "staff")),
            new OidcOptions());

        Assert.Null(claims!.Email);
        Assert.Null(claims.Locale);
        Assert.Equal(["staff"], claims.ProviderRoles);
    }

    [Fact]
    public void FromProvider_RefusesASubjectLongerThanTheRecordHolds()
    {
        var claims = SignInClaims.FromProvider(Provider(("sub", new string('s', 256))), new OidcOptions(), out var refusal);

        Assert.Null(claims);
        Assert.Equal(SignInRefusal.ClaimTooLong, refusal);
    }

    [Fact]
    public void SessionIdentity_CarriesTheSessionStartRoleTimeAndProviderSession()
    {
        var started = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        var original = new SignInClaims("s-1", "ada", null, null, null, ["admin"])
        {
            SessionStartedAt = started,
            ProviderRolesAt = started.AddMinutes(30),
            ProviderSessionId = "sid-1",
            Issuer = "https://login.example.org/",
        };

        var read = SignInClaims.FromSession(new ClaimsPrincipal(original.ToSessionIdentity(1, "oidc")))!;

        Assert.Equal(started, read.SessionStartedAt);
        Assert.Equal(started.AddMinutes(30), read.ProviderRolesAt);
        Assert.Equal("sid-1", read.ProviderSessionId);
        Assert.Equal("https://login.example.org/", read.Issuer);
        Assert.False(read.SessionExpired(started.AddHours(12).AddSeconds(-1), TimeSpan.FromHours(12)));
        Assert.True(read.SessionExpired(started.AddHours(12), TimeSpan.FromHours(12)));
        Assert.True(read.ProviderRolesFresh(started.AddMinutes(89), TimeSpan.FromHours(1)));
        Assert.False(read.ProviderRolesFresh(started.AddMinutes(90), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void ASessionWithoutAStartTime_CountsAsExpired()
    {
        var read = new SignInClaims("s-1", "ada", null, null, null, []);

        Assert.True(read.SessionExpired(DateTimeOffset.UnixEpoch, TimeSpan.FromHours(12)));
        Assert.False(read.ProviderRolesFresh(DateTimeOffset.UnixEpoch, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void FromProvider_ReadsTheUsernameFromPreferredUsername_Lowercased_ByDefault()
    {
        var claims = FromProvider(Provider(("sub", "s-1"), ("preferred_username", "Ada-Admin"), ("nickname", "other")), new OidcOptions());

        Assert.Equal("ada-admin", claims!.Username);
    }

    [Fact]
    public void FromProvider_ReadsTheUsernameFromTheConfiguredClaim()
    {
        var options = new OidcOptions { UsernameClaim = "nickname" };

        var claims = FromProvider(Provider(("sub", "s-1"), ("preferred_username", "wrong"), ("nickname", "JDoe")), options);

        Assert.Equal("jdoe", claims!.Username);
    }

    [Fact]
    public void FromProvider_ReadsEmailDisplayNameAndLocaleFromTheConfiguredClaims()
    {
        var options = new OidcOptions { EmailClaim = "mail", DisplayNameClaim = "display", LocaleClaim = "lang" };

        var claims = FromProvider(
            Provider(("sub", "s-1"), ("email", "wrong@example.org"), ("mail", " jane@example.org "), ("display", "Jane Doe"), ("lang", "th")), options);

        Assert.Equal("jane@example.org", claims!.Email);
        Assert.Equal("Jane Doe", claims.DisplayName);
        Assert.Equal("th", claims.Locale);
    }

    [Fact]
    public void FromProvider_LeavesMissingOrBlankClaimsNull()
    {
        var claims = FromProvider(Provider(("sub", "s-1"), ("email", "  ")), new OidcOptions());

        Assert.Equal("s-1", claims!.Subject);
        Assert.Null(claims.Username);
        Assert.Null(claims.Email);
        Assert.Null(claims.DisplayName);
        Assert.Null(claims.Locale);
        Assert.Empty(claims.ProviderRoles);
    }

    [Fact]
    public void FromProvider_ReturnsNull_WhenTheSubjectIsMissing()
    {
        Assert.Null(FromProvider(Provider(("preferred_username", "ada"), ("email", "ada@example.org")), new OidcOptions()));
    }

    [Fact]
    public void FromProvider_ReadsRolesFromTheConfiguredClaim_RepeatedOrAsAJsonArray()
    {
        var options = new OidcOptions { RoleClaim = "groups" };

        var claims = FromProvider(
            Provider(("sub", "s-1"), ("groups", "staff"), ("groups", "[\"admins\",\"staff\"]"), ("roles", "ignored")), options);

        Assert.Equal(["staff", "admins"], claims!.ProviderRoles);
    }

    [Fact]
    public void SessionIdentity_RoundTripsThroughFromSession_WithoutAnyResolvedRole()
    {
        var original = new SignInClaims("s-1", "ada", "ada@example.org", "Ada", "en", ["admin"]);

        var identity = original.ToSessionIdentity(42, "oidc");
        var read = SignInClaims.FromSession(new ClaimsPrincipal(identity));

        Assert.Equal(original.Subject, read!.Subject);
        Assert.Equal(original.Username, read.Username);
        Assert.Equal(original.Email, read.Email);
        Assert.Equal(original.ProviderRoles, read.ProviderRoles);
        Assert.Equal("42", identity.FindFirst(DashboardClaimTypes.ContributorId)?.Value);
        Assert.Empty(identity.FindAll(DashboardClaimTypes.Role));
    }
}
