using ForwardEmail.Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForwardEmail.Dashboard.Core.Data.Configurations;

internal sealed class ContributorConfiguration : IEntityTypeConfiguration<Contributor>
{
    public void Configure(EntityTypeBuilder<Contributor> builder)
    {
        builder.Property(c => c.Subject).HasMaxLength(255);
        builder.Property(c => c.Username).HasMaxLength(64);
        builder.Property(c => c.Email).HasMaxLength(320);
        builder.Property(c => c.DisplayName).HasMaxLength(256);
        builder.Property(c => c.Locale).HasMaxLength(16);
        builder.Property(c => c.BannedReason).HasMaxLength(512);
        builder.HasIndex(c => c.Subject).IsUnique();
        builder.HasIndex(c => c.Username).IsUnique();
    }
}
