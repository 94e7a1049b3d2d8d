using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ForwardEmail.Dashboard.Migrations.SqlServer.Migrations
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
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ExpiresAt",
                table: "RemovalReviews",
                type: "datetimeoffset",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "DmarcRecord",
                table: "Domains",
                type: "nvarchar(1024)",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DnsCheckError",
                table: "Domains",
                type: "nvarchar(512)",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MxHosts",
                table: "Domains",
                type: "nvarchar(1024)",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SpfRecord",
                table: "Domains",
                type: "nvarchar(1024)",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "VerificationLostAt",
                table: "Domains",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DigestCandidates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    RunId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    DomainId = table.Column<int>(type: "int", nullable: false),
                    DomainName = table.Column<string>(type: "nvarchar(253)", maxLength: 253, nullable: false),
                    Address = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: false),
                    To = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Body = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
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
