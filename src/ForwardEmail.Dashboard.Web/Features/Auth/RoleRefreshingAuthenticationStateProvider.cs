using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Web.Features.Auth;

/// <summary>
/// The authentication state of one circuit (an open page). The circuit starts with the roles resolved on its first
/// request and can stay open for hours, so every <see cref="BootstrapAuthorizationOptions.RoleRefreshInterval"/> the
/// roles are read again; when they changed, the page re-renders with the new ones: a revoked admin loses the admin
/// pages and navigation, a new support person gets theirs. Actions check afresh on the server regardless.
/// </summary>
public sealed partial class RoleRefreshingAuthenticationStateProvider : ServerAuthenticationStateProvider, IDisposable
{
    private readonly RoleLookup _roles;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _absoluteLifetime;
    private readonly TimeProvider _time;
    private readonly ILogger<RoleRefreshingAuthenticationStateProvider> _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private bool _disposed;

    public RoleRefreshingAuthenticationStateProvider(
        RoleLookup roles,
        IOptions<BootstrapAuthorizationOptions> options,
        IOptions<DashboardSessionOptions> session,
        TimeProvider time,
        ILogger<RoleRefreshingAuthenticationStateProvider> logger)
    {
        _roles = roles;
        _interval = options.Value.RoleRefreshInterval;
        _absoluteLifetime = session.Value.AbsoluteLifetime;
        _time = time;
        _logger = logger;

        // The host sets the circuit's first state after construction; the refresh loop starts then, once.
        AuthenticationStateChanged += _ =>
        {
            if (!_disposed)
            {
                _loop ??= RefreshPeriodicallyAsync(_stop.Token);
            }
        };
    }

    /// <summary>Reads the roles now; true when they differed (or the session ended) and the state was replaced.</summary>
    public async Task<bool> RefreshRolesAsync(CancellationToken cancellationToken)
    {
        var user = (await GetAuthenticationStateAsync()).User;
        if (user.Identity?.IsAuthenticated != true || SignInClaims.FromSession(user) is not { } person)
        {
            return false;
        }

        if (person.SessionExpired(_time.GetUtcNow(), _absoluteLifetime))
        {
            // A page left open past the session's absolute lifetime is signed out where it stands.
            LogSessionEnded(person.Username ?? person.Subject);
            SetAuthenticationState(Task.FromResult(new AuthenticationState(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()))));
            return true;
        }

        var current = await _roles.RolesOfAsync(person, cancellationToken);
        if (current.SetEquals(DashboardClaimsTransformation.RolesOf(user)))
        {
            return false;
        }

        LogRolesChanged(person.Username ?? person.Subject, string.Join(",", current.Order()));
        SetAuthenticationState(Task.FromResult(new AuthenticationState(DashboardClaimsTransformation.WithRoles(user, current))));
        return true;
    }

    private async Task RefreshPeriodicallyAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await RefreshRolesAsync(cancellationToken);
                }
                catch (ObjectDisposedException)
                {
                    // The host is shutting down: its services are gone before the circuit is disposed. Nothing to refresh.
                    return;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The database is briefly unreachable: the page keeps the roles it has until the next tick.
                    LogRefreshFailed(exception);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The circuit closed.
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stop.Cancel();
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Roles of {User} changed on an open page; now {Roles}")]
    private partial void LogRolesChanged(string user, string roles);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "The session of {User} reached its absolute lifetime on an open page; signed out there")]
    private partial void LogSessionEnded(string user);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Could not refresh the roles of an open page; it keeps its current roles until the next try")]
    private partial void LogRefreshFailed(Exception exception);
}
