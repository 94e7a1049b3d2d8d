using System.Security.Claims;
using ForwardEmail.Dashboard.Web.Features.Auth;

namespace ForwardEmail.Dashboard.Web.Tests.Auth;

public sealed class SignInClaimsTests
{
    private static ClaimsPrincipal Provider(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "oidc"));

    [Fact]
    public void FromProvider_ReadsTheUsernameFromPreferredUsername_Lowercased_ByDefault()
    {
        var claims = SignInClaims.FromProvider(Provider(("sub", "s-1"), ("preferred_username", "Ada-Admin"), ("nickname", "other")), new OidcOptions());

        Assert.Equal("ada-admin", claims!.Username);
    }

    [Fact]
    public void FromProvider_ReadsTheUsernameFromTheConfiguredClaim()
    {
        var options = new OidcOptions { UsernameClaim = "nickname" };

        var claims = SignInClaims.FromProvider(Provider(("sub", "s-1"), ("preferred_username", "wrong"), ("nickname", "JDoe")), options);

        Assert.Equal("jdoe", claims!.Username);
    }

    [Fact]
    public void FromProvider_ReadsEmailDisplayNameAndLocaleFromTheConfiguredClaims()
    {
        var options = new OidcOptions { EmailClaim = "mail", DisplayNameClaim = "display", LocaleClaim = "lang" };

        var claims = SignInClaims.FromProvider(
            Provider(("sub", "s-1"), ("email", "wrong@example.org"), ("mail", " jane@example.org "), ("display", "Jane Doe"), ("lang", "th")), options);

        Assert.Equal("jane@example.org", claims!.Email);
        Assert.Equal("Jane Doe", claims.DisplayName);
        Assert.Equal("th", claims.Locale);
    }

    [Fact]
    public void FromProvider_LeavesMissingOrBlankClaimsNull()
    {
        var claims = SignInClaims.FromProvider(Provider(("sub", "s-1"), ("email", "  ")), new OidcOptions());

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
        Assert.Null(SignInClaims.FromProvider(Provider(("preferred_username", "ada"), ("email", "ada@example.org")), new OidcOptions()));
    }

    [Fact]
    public void FromProvider_ReadsRolesFromTheConfiguredClaim_RepeatedOrAsAJsonArray()
    {
        var options = new OidcOptions { RoleClaim = "groups" };

        var claims = SignInClaims.FromProvider(
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
