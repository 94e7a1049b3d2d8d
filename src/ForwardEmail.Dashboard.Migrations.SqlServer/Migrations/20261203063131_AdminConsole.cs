using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ForwardEmail.Dashboard.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AdminConsole : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DisabledNote",
                table: "Aliases",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DisabledNote",
                table: "Aliases");
        }
    }
}
