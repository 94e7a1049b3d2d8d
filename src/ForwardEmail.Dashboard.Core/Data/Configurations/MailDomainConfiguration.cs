using ForwardEmail.Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForwardEmail.Dashboard.Core.Data.Configurations;

internal sealed class MailDomainConfiguration : IEntityTypeConfiguration<MailDomain>
{
    public void Configure(EntityTypeBuilder<MailDomain> builder)
    {
        builder.ToTable("Domains");
        builder.Property(d => d.Name).HasMaxLength(253);
        builder.Property(d => d.VerificationCode).HasMaxLength(64);
        builder.Property(d => d.DnsCheckError).HasMaxLength(512);
        builder.Property(d => d.MxHosts).HasMaxLength(1024);
        builder.Property(d => d.SpfRecord).HasMaxLength(1024);
        builder.Property(d => d.DmarcRecord).HasMaxLength(1024);
        builder.HasIndex(d => d.Name).IsUnique();
        builder.Ignore(d => d.CanProvision);
        builder.HasOne(d => d.TeamMapping).WithOne(t => t.Domain).HasForeignKey<TeamMapping>(t => t.DomainId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.AdminContacts).WithOne(c => c.Domain).HasForeignKey(c => c.DomainId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeamMappingConfiguration : IEntityTypeConfiguration<TeamMapping>
{
    public void Configure(EntityTypeBuilder<TeamMapping> builder)
    {
        builder.Property(t => t.TeamName).HasMaxLength(64);
        builder.HasIndex(t => t.DomainId).IsUnique();
    }
}

internal sealed class DomainAdminContactConfiguration : IEntityTypeConfiguration<DomainAdminContact>
{
    public void Configure(EntityTypeBuilder<DomainAdminContact> builder)
    {
        builder.Property(c => c.Email).HasMaxLength(320);
        builder.HasIndex(c => new { c.DomainId, c.Email }).IsUnique();
    }
}
