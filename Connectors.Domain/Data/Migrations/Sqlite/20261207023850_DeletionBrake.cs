using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Connectors.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeletionBrake : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Held",
                table: "SyncRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "HeldRemovals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstallationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DocumentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HeldAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HeldRemovals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HeldRemovals_Documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "Documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HeldRemovals_DocumentId",
                table: "HeldRemovals",
                column: "DocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_HeldRemovals_InstallationId_DocumentId",
                table: "HeldRemovals",
                columns: new[] { "InstallationId", "DocumentId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HeldRemovals");

            migrationBuilder.DropColumn(
                name: "Held",
                table: "SyncRuns");
        }
    }
}
