using ForwardEmail.Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForwardEmail.Dashboard.Core.Data.Configurations;

internal sealed class ReservedNameConfiguration : IEntityTypeConfiguration<ReservedName>
{
    public void Configure(EntityTypeBuilder<ReservedName> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(64);
        builder.HasIndex(r => r.Name).IsUnique();
    }
}

internal sealed class ErrorLogEntryConfiguration : IEntityTypeConfiguration<ErrorLogEntry>
{
    public void Configure(EntityTypeBuilder<ErrorLogEntry> builder)
    {
        builder.ToTable("ErrorLog");
        builder.Property(e => e.Fingerprint).HasMaxLength(128);
        builder.Property(e => e.Kind).HasMaxLength(64);
        builder.Property(e => e.Step).HasMaxLength(64);
        builder.Property(e => e.Message).HasMaxLength(4000);
        builder.Property(e => e.Username).HasMaxLength(64);
        builder.Property(e => e.Email).HasMaxLength(320);
        builder.Property(e => e.Subject).HasMaxLength(255);
        builder.Property(e => e.Notes).HasMaxLength(4000);
        builder.HasIndex(e => e.Fingerprint).IsUnique();
        builder.HasIndex(e => new { e.Status, e.LastSeenAt });
        builder.Property(e => e.RetryJobId).HasMaxLength(64);
        builder.HasMany(e => e.NoteEntries).WithOne().HasForeignKey(n => n.ErrorLogEntryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ErrorLogNoteConfiguration : IEntityTypeConfiguration<ErrorLogNote>
{
    public void Configure(EntityTypeBuilder<ErrorLogNote> builder)
    {
        builder.ToTable("ErrorLogNotes");
        builder.Property(n => n.Author).HasMaxLength(128);
        builder.Property(n => n.Text).HasMaxLength(ErrorLogNote.MaxLength);
        builder.HasIndex(n => new { n.ErrorLogEntryId, n.At });
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.Actor).HasMaxLength(128);
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.TargetType).HasMaxLength(64);
        builder.Property(a => a.Target).HasMaxLength(400);
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.TargetType, a.Target });
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("Outbox");
        builder.Property(m => m.To).HasMaxLength(320);
        builder.Property(m => m.Subject).HasMaxLength(400);
        builder.Property(m => m.Kind).HasMaxLength(64);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.Property(m => m.LeaseOwner).HasMaxLength(64);
        builder.HasIndex(m => new { m.SentAt, m.FailedAt, m.NextAttemptAt });
    }
}

internal sealed class DigestCandidateConfiguration : IEntityTypeConfiguration<DigestCandidate>
{
    public void Configure(EntityTypeBuilder<DigestCandidate> builder)
    {
        builder.Property(c => c.RunId).HasMaxLength(64);
        builder.Property(c => c.DomainName).HasMaxLength(253);
        builder.Property(c => c.Address).HasMaxLength(320);
        builder.Property(c => c.To).HasMaxLength(320);
        builder.Property(c => c.Subject).HasMaxLength(400);
        builder.Property(c => c.Kind).HasMaxLength(64);
        builder.HasIndex(c => new { c.RunId, c.DomainId });
    }
}

internal sealed class TeamMembershipSnapshotConfiguration : IEntityTypeConfiguration<TeamMembershipSnapshot>
{
    public void Configure(EntityTypeBuilder<TeamMembershipSnapshot> builder)
    {
        builder.Property(s => s.TeamName).HasMaxLength(64);
        builder.HasIndex(s => s.TeamName).IsUnique();
    }
}

internal sealed class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignment>
{
    public void Configure(EntityTypeBuilder<RoleAssignment> builder)
    {
        builder.Property(r => r.GrantedBy).HasMaxLength(128);
        builder.HasIndex(r => new { r.ContributorId, r.Role }).IsUnique();
        builder.HasOne(r => r.Contributor).WithMany(c => c.Roles).HasForeignKey(r => r.ContributorId).OnDelete(DeleteBehavior.Cascade);
    }
}
