using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Web.Features.Auth;

namespace ForwardEmail.Dashboard.Web.Tests.Auth;

public sealed class RoleResolverTests
{
    private static readonly OidcOptions Oidc = new() { AdminRoleValues = ["dashboard-admins"], SupportRoleValues = ["dashboard-support"] };

    private static SignInClaims Person(string subject = "s-1", string? username = "ada", params string[] providerRoles) =>
        new(subject, username, "ada@example.org", "Ada", "en", providerRoles);

    [Fact]
    public void Resolve_GivesOnlyContributor_WhenNothingElseApplies()
    {
        var roles = RoleResolver.Resolve(Person(providerRoles: "some-other-group"), [], Oidc, new BootstrapAuthorizationOptions());

        Assert.Equal([DashboardRole.Contributor], roles);
    }

    [Fact]
    public void Resolve_MapsConfiguredClaimValues_CaseInsensitively()
    {
        Assert.Equal([DashboardRole.Contributor, DashboardRole.Admin],
            RoleResolver.Resolve(Person(providerRoles: "Dashboard-Admins"), [], Oidc, new BootstrapAuthorizationOptions()).Order());
        Assert.Equal([DashboardRole.Contributor, DashboardRole.Support],
            RoleResolver.Resolve(Person(providerRoles: "dashboard-support"), [], Oidc, new BootstrapAuthorizationOptions()).Order());
    }

    [Fact]
    public void Resolve_IncludesRolesFromTheTable()
    {
        var roles = RoleResolver.Resolve(Person(), [DashboardRole.Support], Oidc, new BootstrapAuthorizationOptions());

        Assert.Equal([DashboardRole.Contributor, DashboardRole.Support], roles.Order());
    }

    [Theory]
    [InlineData("ada")]
    [InlineData("ADA")]
    [InlineData("s-1")]
    public void Resolve_MakesBootstrapAdminsAdmin_ByUsernameOrSubject(string bootstrap)
    {
        var roles = RoleResolver.Resolve(Person(), [], Oidc, new BootstrapAuthorizationOptions { BootstrapAdmins = [bootstrap] });

        Assert.Equal([DashboardRole.Contributor, DashboardRole.Admin], roles.Order());
    }

    [Fact]
    public void Resolve_DoesNotMatchABootstrapUsername_WhenThePersonHasNoUsername()
    {
        var roles = RoleResolver.Resolve(Person(username: null), [], Oidc, new BootstrapAuthorizationOptions { BootstrapAdmins = ["ada"] });

        Assert.Equal([DashboardRole.Contributor], roles);
    }

    [Fact]
    public void Resolve_IsTheUnionOfClaimsTableAndBootstrap()
    {
        var roles = RoleResolver.Resolve(
            Person(providerRoles: "dashboard-support"), [DashboardRole.Contributor], Oidc, new BootstrapAuthorizationOptions { BootstrapAdmins = ["ada"] });

        Assert.Equal([DashboardRole.Contributor, DashboardRole.Support, DashboardRole.Admin], roles.Order());
    }
}
