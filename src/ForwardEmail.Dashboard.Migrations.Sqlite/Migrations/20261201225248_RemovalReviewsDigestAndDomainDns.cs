using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ForwardEmail.Dashboard.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RemovalReviewsDigestAndDomainDns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AffectedAliasIds",
                table: "RemovalReviews",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<long>(
                name: "ExpiresAt",
                table: "RemovalReviews",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

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

            migrationBuilder.CreateTable(
                name: "DigestCandidates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DomainId = table.Column<int>(type: "INTEGER", nullable: false),
                    DomainName = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DigestCandidates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DigestCandidates_RunId_DomainId",
                table: "DigestCandidates",
                columns: new[] { "RunId", "DomainId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DigestCandidates");

            migrationBuilder.DropColumn(
                name: "AffectedAliasIds",
                table: "RemovalReviews");

            migrationBuilder.DropColumn(
                name: "ExpiresAt",
                table: "RemovalReviews");

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
