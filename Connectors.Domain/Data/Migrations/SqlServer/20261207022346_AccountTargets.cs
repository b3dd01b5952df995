using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Connectors.Domain.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AccountTargets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccountTargets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    InstallationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ProjectKey = table.Column<string>(type: "nvarchar(120)", maxLength: 120, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountTargets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AccountTargets_ConnectorInstallations_InstallationId",
                        column: x => x.InstallationId,
                        principalTable: "ConnectorInstallations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccountTargets_InstallationId_ProjectKey",
                table: "AccountTargets",
                columns: new[] { "InstallationId", "ProjectKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AccountTargets_TenantId_ProjectKey",
                table: "AccountTargets",
                columns: new[] { "TenantId", "ProjectKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountTargets");
        }
    }
}
