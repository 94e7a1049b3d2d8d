using ForwardEmail.Dashboard.Core.Domain;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ForwardEmail.Dashboard.Core.Data;

public sealed class DashboardDbContext(DbContextOptions<DashboardDbContext> options)
    : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Contributor> Contributors => Set<Contributor>();
    public DbSet<MailDomain> Domains => Set<MailDomain>();
    public DbSet<TeamMapping> TeamMappings => Set<TeamMapping>();
    public DbSet<DomainAdminContact> DomainAdminContacts => Set<DomainAdminContact>();
    public DbSet<Alias> Aliases => Set<Alias>();
    public DbSet<ReservedName> ReservedNames => Set<ReservedName>();
    public DbSet<ErrorLogEntry> ErrorLog => Set<ErrorLogEntry>();
    public DbSet<ErrorLogNote> ErrorLogNotes => Set<ErrorLogNote>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<TeamMembershipSnapshot> TeamMembershipSnapshots => Set<TeamMembershipSnapshot>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<RemovalReview> RemovalReviews => Set<RemovalReview>();
    public DbSet<DigestCandidate> DigestCandidates => Set<DigestCandidate>();

    /// <summary>Data-protection keys live in the database so a restart or a second instance keeps sessions valid.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DashboardDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: stable across reordering and readable in SQL.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);

        if (Database.IsSqlite())
        {
            // SQLite has no date type, and EF cannot compare or sort DateTimeOffset stored as text there;
            // UTC ticks keep ordering and range queries in SQL.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }
}
