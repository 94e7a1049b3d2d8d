using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.IntegrationTests.Foundation;

public sealed class SqliteSchemaTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 30, 0, TimeSpan.Zero);
    private readonly TempSqliteDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Migrate_CreatesEveryTable_OnAFreshFile()
    {
        await using var db = await _database.CreateMigratedContextAsync();

        Assert.True(File.Exists(_database.FilePath));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task EveryEntity_IsWrittenAndReadBack_WithItsValues()
    {
        await using (var db = await _database.CreateMigratedContextAsync())
        {
            var contributor = new Contributor
            {
                Subject = "sub-1", Username = "amira-h", Email = "amira@example.org", DisplayName = "أميرة حسن", Locale = "ar",
                IsBanned = true, BannedReason = "spam", BannedAt = Now, CreatedAt = Now, UpdatedAt = Now, LastSignInAt = Now,
            };
            var mailDomain = new MailDomain
            {
                Name = "example.org", VerificationCode = "abc123", VerificationState = DomainVerificationState.Verified, VerifiedAt = Now,
                MxState = MxState.Ok, CreatedAt = Now, UpdatedAt = Now,
                TeamMapping = new TeamMapping { TeamName = "example-team", UpdatedAt = Now },
                AdminContacts = [new DomainAdminContact { Email = "admins@example.org" }],
            };
            db.AddRange(contributor, mailDomain);
            await db.SaveChangesAsync();

            db.Aliases.Add(new Alias
            {
                DomainId = mailDomain.Id, Name = "amira-h", OwnerId = contributor.Id, Recipients = ["amira@example.org", "backup@example.org"],
                IsEnabled = false, Origin = AliasOrigin.Provisioned, DisabledReason = "left-team", DisabledAt = Now,
                IneligibleSince = Now.AddDays(-7), IneligibleReason = "left-team", CreatedAt = Now, UpdatedAt = Now,
            });
            db.ReservedNames.Add(new ReservedName { Name = "press-office", IsBuiltIn = false, CreatedAt = Now });
            db.ErrorLog.Add(new ErrorLogEntry
            {
                Fingerprint = "fp-1", Kind = "coc-not-signed", Step = "directory", Message = "not signed", Username = "amira-h",
                Email = "amira@example.org", Subject = "sub-1", ContributorId = contributor.Id, Count = 3, FirstSeenAt = Now.AddHours(-2),
                LastSeenAt = Now, Status = ErrorStatus.Acknowledged, Notes = "asked on IRC", LastTeamNotifiedAt = Now.AddHours(-1),
            });
            db.AuditEntries.Add(new AuditEntry { Actor = "ada-admin", Action = "alias.disabled", TargetType = "alias", Target = "amira-h@example.org", Before = "{\"enabled\":true}", After = "{\"enabled\":false}", At = Now });
            db.Outbox.Add(new OutboxMessage { To = "admins@example.org", Subject = "New @example.org email address created", Body = "body", Kind = "alias-created", CreatedAt = Now, Attempts = 2, NextAttemptAt = Now.AddMinutes(5), LastError = "SMTP down" });
            db.TeamMembershipSnapshots.Add(new TeamMembershipSnapshot { TeamName = "example-team", FetchedAt = Now, MemberCount = 1, MembersJson = "[\"amira-h\"]" });
            db.RoleAssignments.Add(new RoleAssignment { ContributorId = contributor.Id, Role = DashboardRole.Support, GrantedBy = "ada-admin", GrantedAt = Now });
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = "key-1", Xml = "<key/>" });
            await db.SaveChangesAsync();
        }

        await using var read = _database.CreateContext();
        var stored = await read.Contributors.Include(c => c.Aliases).Include(c => c.Roles).SingleAsync();
        Assert.Equal(("sub-1", "amira-h", "أميرة حسن", true, Now), (stored.Subject, stored.Username, stored.DisplayName, stored.IsBanned, stored.BannedAt!.Value));

        var alias = Assert.Single(stored.Aliases);
        Assert.Equal(["amira@example.org", "backup@example.org"], alias.Recipients);
        Assert.Equal((false, AliasOrigin.Provisioned, "left-team", Now.AddDays(-7)), (alias.IsEnabled, alias.Origin, alias.DisabledReason, alias.IneligibleSince!.Value));
        Assert.Equal(DashboardRole.Support, Assert.Single(stored.Roles).Role);

        var domain = await read.Domains.Include(d => d.TeamMapping).Include(d => d.AdminContacts).SingleAsync();
        Assert.Equal(("example-team", "admins@example.org", DomainVerificationState.Verified, MxState.Ok),
            (domain.TeamMapping!.TeamName, domain.AdminContacts.Single().Email, domain.VerificationState, domain.MxState));

        var error = await read.ErrorLog.SingleAsync();
        Assert.Equal((3, ErrorStatus.Acknowledged, Now.AddHours(-1), "asked on IRC"), (error.Count, error.Status, error.LastTeamNotifiedAt!.Value, error.Notes));
        Assert.Equal("{\"enabled\":false}", (await read.AuditEntries.SingleAsync()).After);
        Assert.Equal(("SMTP down", 2), await read.Outbox.Select(m => ValueTuple.Create(m.LastError!, m.Attempts)).SingleAsync());
        Assert.Equal(1, (await read.TeamMembershipSnapshots.SingleAsync()).MemberCount);
        Assert.Equal("press-office", (await read.ReservedNames.SingleAsync()).Name);
        Assert.Equal("<key/>", (await read.DataProtectionKeys.SingleAsync()).Xml);
    }

    [Fact]
    public async Task DateTimeOffsetColumns_CanBeComparedAndSortedInSql()
    {
        await using var db = await _database.CreateMigratedContextAsync();
        db.AuditEntries.AddRange(
            new AuditEntry { Actor = "a", Action = "x", TargetType = "t", Target = "late", At = Now },
            new AuditEntry { Actor = "a", Action = "x", TargetType = "t", Target = "early", At = Now.AddDays(-1) });
        await db.SaveChangesAsync();

        var ordered = await db.AuditEntries.Where(e => e.At > Now.AddDays(-2)).OrderBy(e => e.At).Select(e => e.Target).ToListAsync();

        Assert.Equal(["early", "late"], ordered);
    }

    [Fact]
    public async Task AliasUniqueIndex_RejectsTheSameNameTwiceOnOneDomain()
    {
        await using var db = await _database.CreateMigratedContextAsync();
        await DatabaseInitializer.SeedAsync(db, Now, CancellationToken.None);
        var domainId = await db.Domains.Where(d => d.Name == "ubuntu.com").Select(d => d.Id).SingleAsync();
        var otherDomainId = await db.Domains.Where(d => d.Name == "kubuntu.org").Select(d => d.Id).SingleAsync();
        db.Aliases.Add(NewAlias(domainId, "jdoe"));
        db.Aliases.Add(NewAlias(otherDomainId, "jdoe"));
        await db.SaveChangesAsync();

        db.Aliases.Add(NewAlias(domainId, "jdoe"));

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Theory]
    [InlineData("domain")]
    [InlineData("username")]
    [InlineData("subject")]
    [InlineData("reserved")]
    [InlineData("team")]
    [InlineData("fingerprint")]
    public async Task UniqueIndexes_RejectDuplicates(string which)
    {
        await using var db = await _database.CreateMigratedContextAsync();
        await DatabaseInitializer.SeedAsync(db, Now, CancellationToken.None);
        db.ChangeTracker.Clear();

        switch (which)
        {
            case "domain":
                db.Domains.Add(new MailDomain { Name = "ubuntu.com", VerificationCode = "x", CreatedAt = Now, UpdatedAt = Now });
                break;
            case "username":
                db.Contributors.AddRange(NewContributor("s1", "jdoe"), NewContributor("s2", "jdoe"));
                break;
            case "subject":
                db.Contributors.AddRange(NewContributor("s1", "jdoe"), NewContributor("s1", "other"));
                break;
            case "reserved":
                db.ReservedNames.Add(new ReservedName { Name = "postmaster", CreatedAt = Now });
                break;
            case "team":
                var domainId = await db.Domains.Where(d => d.Name == "ubuntu.com").Select(d => d.Id).SingleAsync();
                db.TeamMappings.Add(new TeamMapping { DomainId = domainId, TeamName = "second-team", UpdatedAt = Now });
                break;
            case "fingerprint":
                db.ErrorLog.AddRange(NewError("fp"), NewError("fp"));
                break;
        }

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Contributors_WithoutAUsernameYet_DoNotCollideOnTheUsernameIndex()
    {
        await using var db = await _database.CreateMigratedContextAsync();
        db.Contributors.AddRange(NewContributor("s1", null), NewContributor("s2", null));

        await db.SaveChangesAsync();

        Assert.Equal(2, await db.Contributors.CountAsync());
    }

    [Fact]
    public async Task Seed_AddsTheSixDomainsTheirTeamsAndTheReservedNames_OnlyOnce()
    {
        await using var db = await _database.CreateMigratedContextAsync();

        await DatabaseInitializer.SeedAsync(db, Now, CancellationToken.None);
        await DatabaseInitializer.SeedAsync(db, Now, CancellationToken.None);

        var mapping = await db.Domains.OrderBy(d => d.Name).Select(d => d.Name + " -> " + d.TeamMapping!.TeamName).ToListAsync();
        Assert.Equal(
            [
                "edubuntu.org -> edubuntu-members", "kubuntu.org -> kubuntu-members", "lubuntu.me -> lubuntu-members",
                "ubuntu.com -> ubuntumembers", "ubuntu.net -> ubuntu-smtp-test", "ubuntustudio.com -> ubuntustudio-core",
            ],
            mapping);
        Assert.All(await db.Domains.ToListAsync(), d => Assert.Equal(DomainVerificationState.Pending, d.VerificationState));
        Assert.Equal(6, await db.Domains.Select(d => d.VerificationCode).Distinct().CountAsync());
        Assert.Equal(ReservedName.BuiltIn.Order(), (await db.ReservedNames.Select(r => r.Name).ToListAsync()).Order());
        Assert.Contains("mailer-daemon", ReservedName.BuiltIn);
        Assert.Equal(13, ReservedName.BuiltIn.Count);
    }

    private static Alias NewAlias(int domainId, string name) =>
        new() { DomainId = domainId, Name = name, Recipients = ["x@example.org"], Origin = AliasOrigin.Manual, CreatedAt = Now, UpdatedAt = Now };

    private static Contributor NewContributor(string subject, string? username) =>
        new() { Subject = subject, Username = username, Email = "x@example.org", CreatedAt = Now, UpdatedAt = Now };

    private static ErrorLogEntry NewError(string fingerprint) =>
        new() { Fingerprint = fingerprint, Kind = "banned", Step = "ban", Message = "m", FirstSeenAt = Now, LastSeenAt = Now };
}
