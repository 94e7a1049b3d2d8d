using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ForwardEmail.Dashboard.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AliasNameIndexDropLastProvisioned : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastProvisionedAt",
                table: "Contributors");

            migrationBuilder.CreateIndex(
                name: "IX_Aliases_Name",
                table: "Aliases",
                column: "Name");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Aliases_Name",
                table: "Aliases");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastProvisionedAt",
                table: "Contributors",
                type: "datetimeoffset",
                nullable: true);
        }
    }
}
