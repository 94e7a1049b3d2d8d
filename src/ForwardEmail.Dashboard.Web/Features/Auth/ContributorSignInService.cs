using ForwardEmail.Dashboard.Core.Audit;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.Web.Features.Auth;

/// <summary>
/// Creates or links the contributor record by the provider's stable subject on every sign-in and refreshes what
/// the claims say; an audit row is written only when something changed.
/// </summary>
public sealed partial class ContributorSignInService(
    IDbContextFactory<DashboardDbContext> dbFactory,
    TimeProvider time,
    ILogger<ContributorSignInService> logger)
{
    public const string AuditTarget = AuditLog.ContributorTarget;
    public const string CreatedAction = "contributor.created";
    public const string UpdatedAction = "contributor.updated";
    public const string UsernameReleasedAction = "contributor.username-released";

    public async Task<Contributor> SignInAsync(SignInClaims claims, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var contributor = await db.Contributors.FirstOrDefaultAsync(c => c.Subject == claims.Subject, cancellationToken);
        var before = contributor is null ? null : Snapshot.Of(contributor);
        if (contributor is null)
        {
            contributor = new Contributor { Subject = claims.Subject, Email = claims.Email ?? string.Empty, CreatedAt = now, UpdatedAt = now };
            db.Contributors.Add(contributor);
        }

        if (claims.Username is not null && claims.Username != contributor.Username)
        {
            // A username now belongs to this subject; whoever held it before was renamed at the provider.
            var previousHolder = await db.Contributors.FirstOrDefaultAsync(
                c => c.Username == claims.Username && c.Subject != claims.Subject, cancellationToken);
            if (previousHolder is not null)
            {
                var released = Snapshot.Of(previousHolder);
                previousHolder.Username = null;
                previousHolder.UpdatedAt = now;
                db.AuditEntries.Add(Audit(claims, UsernameReleasedAction, previousHolder.Subject, released, Snapshot.Of(previousHolder), now));
                LogUsernameReleased(logger, claims.Username, previousHolder.Subject);
            }
        }

        // A claim the provider stopped sending keeps the last known value rather than blanking the record; a username
        // that is not a Launchpad name makes the record incomplete, so it can never stand in for anyone's name.
        if (claims.UsernameRejected)
        {
            LogUsernameRejected(logger, claims.Subject);
        }

        contributor.Username = claims.UsernameRejected ? null : claims.Username ?? contributor.Username;
        contributor.Email = claims.Email ?? contributor.Email;
        contributor.DisplayName = claims.DisplayName ?? contributor.DisplayName;
        contributor.Locale = claims.Locale ?? contributor.Locale;
        contributor.LastSignInAt = now;

        var after = Snapshot.Of(contributor);
        if (before is null)
        {
            db.AuditEntries.Add(Audit(claims, CreatedAction, claims.Subject, null, after, now));
        }
        else if (before != after)
        {
            contributor.UpdatedAt = now;
            db.AuditEntries.Add(Audit(claims, UpdatedAction, claims.Subject, before, after, now));
        }

        await db.SaveChangesAsync(cancellationToken);
        LogSignedIn(logger, contributor.Id, claims.Subject);
        return contributor;
    }

    private static AuditEntry Audit(SignInClaims actor, string action, string target, Snapshot? before, Snapshot after, DateTimeOffset at) =>
        AuditLog.Create(actor.Username ?? actor.Subject, action, AuditTarget, target, before, after, at);

    private sealed record Snapshot(string? Username, string Email, string? DisplayName, string? Locale)
    {
        public static Snapshot Of(Contributor c) => new(c.Username, c.Email, c.DisplayName, c.Locale);
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Contributor {ContributorId} signed in (subject {Subject})")]
    private static partial void LogSignedIn(ILogger logger, int contributorId, string subject);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Subject {Subject} signed in with a username that is not a Launchpad name; the record is incomplete until the provider sends a valid one")]
    private static partial void LogUsernameRejected(ILogger logger, string subject);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Username {Username} moved to another subject; released it from subject {PreviousSubject}")]
    private static partial void LogUsernameReleased(ILogger logger, string username, string previousSubject);
}
