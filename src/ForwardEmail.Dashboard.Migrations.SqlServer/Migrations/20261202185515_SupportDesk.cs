using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ForwardEmail.Dashboard.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class SupportDesk : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RetryJobId",
                table: "ErrorLog",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RetryRequestedAt",
                table: "ErrorLog",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ErrorLogNotes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ErrorLogEntryId = table.Column<long>(type: "bigint", nullable: false),
                    Author = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    Text = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ErrorLogNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ErrorLogNotes_ErrorLog_ErrorLogEntryId",
                        column: x => x.ErrorLogEntryId,
                        principalTable: "ErrorLog",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ErrorLogNotes_ErrorLogEntryId_At",
                table: "ErrorLogNotes",
                columns: new[] { "ErrorLogEntryId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ErrorLogNotes");

            migrationBuilder.DropColumn(
                name: "RetryJobId",
                table: "ErrorLog");

            migrationBuilder.DropColumn(
                name: "RetryRequestedAt",
                table: "ErrorLog");
        }
    }
}
