using ForwardEmail.Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForwardEmail.Dashboard.Core.Data.Configurations;

internal sealed class AliasConfiguration : IEntityTypeConfiguration<Alias>
{
    public void Configure(EntityTypeBuilder<Alias> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(64);
        builder.Property(a => a.DisabledReason).HasMaxLength(64);
        builder.Property(a => a.IneligibleReason).HasMaxLength(64);
        builder.Property(a => a.DisabledNote).HasMaxLength(Admin.AliasAdministration.MaxNoteLength);

        // Recipients are stored as one comma-separated column: the lookup service (Postfix) reads them as a list as-is.
        builder.Property(a => a.Recipients)
            .HasConversion(
                list => string.Join(',', list),
                text => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
                new ValueComparer<List<string>>(
                    (a, b) => a!.SequenceEqual(b!),
                    list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode(StringComparison.Ordinal))),
                    list => list.ToList()))
            .HasMaxLength(2000);

        // One alias per name per domain, whoever asks and however concurrently: the database decides.
        builder.HasIndex(a => new { a.DomainId, a.Name }).IsUnique();
        builder.HasIndex(a => a.OwnerId);

        // Provisioning reads "the contributor's aliases or any alias with their name" (OwnerId = @id OR Name = @name)
        // in every transaction: without an index on each side the OR scans the whole table, per contributor.
        builder.HasIndex(a => a.Name);

        builder.HasOne(a => a.Domain).WithMany(d => d.Aliases).HasForeignKey(a => a.DomainId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Owner).WithMany(c => c.Aliases).HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}
