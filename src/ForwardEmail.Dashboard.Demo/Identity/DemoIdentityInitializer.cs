using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ForwardEmail.Dashboard.Demo.Identity;

/// <summary>Creates the demo provider's store and (re)registers the dashboard as its client for the configured issuer.</summary>
internal sealed class DemoIdentityInitializer(IServiceProvider services, IOptions<DemoOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DemoIdentityDbContext>();

        // A throwaway demo store with no history to migrate: created as the model says.
        await db.Database.EnsureCreatedAsync(cancellationToken);

        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        if (await applications.FindByClientIdAsync(DemoIdentityDefaults.ClientId, cancellationToken) is { } existing)
        {
            // The issuer (host and port) may differ from the last run: register afresh.
            await applications.DeleteAsync(existing, cancellationToken);
        }

        var issuer = new Uri(options.Value.IdentityIssuer.TrimEnd('/') + "/");
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = DemoIdentityDefaults.ClientId,
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "ForwardEmail Dashboard (demo)",
            RedirectUris = { new Uri(issuer, DemoIdentityDefaults.ClientCallbackPath) },
            PostLogoutRedirectUris = { new Uri(issuer, DemoIdentityDefaults.ClientSignedOutCallbackPath) },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email,
                Permissions.Scopes.Profile,
                Permissions.Scopes.Roles,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
