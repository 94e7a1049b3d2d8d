using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ForwardEmail.Dashboard.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DomainDnsChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DmarcRecord",
                table: "Domains",
                type: "TEXT",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DnsCheckError",
                table: "Domains",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MxHosts",
                table: "Domains",
                type: "TEXT",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SpfRecord",
                table: "Domains",
                type: "TEXT",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "VerificationLostAt",
                table: "Domains",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DmarcRecord",
                table: "Domains");

            migrationBuilder.DropColumn(
                name: "DnsCheckError",
                table: "Domains");

            migrationBuilder.DropColumn(
                name: "MxHosts",
                table: "Domains");

            migrationBuilder.DropColumn(
                name: "SpfRecord",
                table: "Domains");

            migrationBuilder.DropColumn(
                name: "VerificationLostAt",
                table: "Domains");
        }
    }
}
