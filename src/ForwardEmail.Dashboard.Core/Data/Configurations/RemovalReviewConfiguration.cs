using ForwardEmail.Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForwardEmail.Dashboard.Core.Data.Configurations;

internal sealed class RemovalReviewConfiguration : IEntityTypeConfiguration<RemovalReview>
{
    public void Configure(EntityTypeBuilder<RemovalReview> builder)
    {
        builder.Property(r => r.TeamName).HasMaxLength(64);
        builder.Property(r => r.Reason).HasMaxLength(64);
        builder.Property(r => r.DecidedBy).HasMaxLength(128);
        builder.HasIndex(r => new { r.DomainId, r.Status });
        builder.HasOne(r => r.Domain).WithMany().HasForeignKey(r => r.DomainId).OnDelete(DeleteBehavior.Cascade);
    }
}
