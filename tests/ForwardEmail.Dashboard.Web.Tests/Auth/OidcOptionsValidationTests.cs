using ForwardEmail.Dashboard.Core.Configuration;
using ForwardEmail.Dashboard.Web.Features.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Web.Tests.Auth;

public sealed class OidcOptionsValidationTests
{
    private static OidcOptions Bind(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddValidatedOptions<OidcOptions>(OidcOptions.SectionName);
        return services.BuildServiceProvider().GetRequiredService<IOptions<OidcOptions>>().Value;
    }

    [Fact]
    public void Validation_NamesTheAuthorityKey_WhenItIsMissing()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Authentication:Oidc:ClientId"] = "dashboard" }));

        Assert.Contains("'Authentication:Oidc:Authority'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_NamesTheClientIdKey_WhenItIsMissing()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Authentication:Oidc:Authority"] = "https://login.example.org/" }));

        Assert.Contains("'Authentication:Oidc:ClientId'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binding_KeepsTheDefaultClaimNames_WhenOnlyTheProviderIsConfigured()
    {
        var options = Bind(new() { ["Authentication:Oidc:Authority"] = "https://login.example.org/", ["Authentication:Oidc:ClientId"] = "dashboard" });

        Assert.Equal("preferred_username", options.UsernameClaim);
        Assert.Equal("email", options.EmailClaim);
        Assert.Equal("roles", options.RoleClaim);
        Assert.True(options.RequireHttpsMetadata);
    }
}
