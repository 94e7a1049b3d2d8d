using System.Text.Json;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ForwardEmail.Dashboard.Demo;

/// <summary>
/// Makes the embedded default show every state at once: the seeded domains count as verified (there is no
/// real DNS for them here) except one left to show verification, each domain has an admin contact, a manual alias collides with a persona, and the
/// banned persona is banned. Runs after <see cref="DatabaseInitializer"/>; idempotent.
/// </summary>
public sealed partial class DemoDataSeeder(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider time, ILogger<DemoDataSeeder> logger)
    : IHostedService
{
    /// <summary>A domain of the demo that is not verified: its TXT record is never published anywhere.</summary>
    public const string UnverifiedDomain = "community.example";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        LogDemoMode(logger);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var domains = await db.Domains.Include(d => d.AdminContacts).ToListAsync(cancellationToken);
        var seeded = DefaultData.DomainTeams.Select(d => d.Domain).ToHashSet(StringComparer.Ordinal);
        foreach (var domain in domains.Where(d => d.VerificationState == DomainVerificationState.Pending && seeded.Contains(d.Name)))
        {
            domain.VerificationState = DomainVerificationState.Verified;
            domain.VerifiedAt = now;
            domain.MxState = MxState.Ok;
            domain.UpdatedAt = now;
            if (domain.AdminContacts.Count == 0)
            {
                domain.AdminContacts.Add(new DomainAdminContact { Email = $"admins@{domain.Name}" });
            }
        }

        // One domain left unverified, so a newcomer sees the verification flow (the TXT record to publish, Check now).
        if (!domains.Any(d => d.Name == UnverifiedDomain))
        {
            db.Domains.Add(new MailDomain
            {
                Name = UnverifiedDomain,
                VerificationCode = DatabaseInitializer.NewVerificationCode(),
                IsEnabled = false,
                CreatedAt = now,
                UpdatedAt = now,
                TeamMapping = new TeamMapping { TeamName = "ubuntumembers", UpdatedAt = now },
                AdminContacts = [new DomainAdminContact { Email = "admins@" + UnverifiedDomain }],
            });
        }

        var ubuntu = domains.FirstOrDefault(d => d.Name == "ubuntu.com");
        if (ubuntu is not null && !await db.Aliases.AnyAsync(a => a.DomainId == ubuntu.Id && a.Name == "press", cancellationToken))
        {
            db.Aliases.Add(new Alias
            {
                DomainId = ubuntu.Id,
                Name = "press",
                Recipients = ["press-office@example.org"],
                Origin = AliasOrigin.Manual,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }

        foreach (var persona in DemoPersonas.Load().Where(p => p.SignIn.Banned))
        {
            var contributor = await db.Contributors.FirstOrDefaultAsync(c => c.Subject == persona.SignIn.Subject, cancellationToken);
            if (contributor is null)
            {
                contributor = new Contributor { Subject = persona.SignIn.Subject, Email = persona.SignIn.Email, CreatedAt = now };
                db.Contributors.Add(contributor);
            }

            contributor.Username ??= persona.Name;
            contributor.DisplayName ??= persona.DisplayName;
            if (!contributor.IsBanned)
            {
                contributor.IsBanned = true;
                contributor.BannedAt = now;
                contributor.BannedReason = "Demo persona: banned by an admin.";
            }

            contributor.UpdatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 9000, Level = LogLevel.Warning,
        Message = "DEMO MODE IS ON: a built-in identity provider lets anyone sign in as any persona. Never run a production instance like this.")]
    private static partial void LogDemoMode(ILogger logger);
}
