using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Connectors.Domain.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TenantCredentials : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "CredentialId",
                table: "ConnectorInstallations",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TenantCredentials",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ConnectorKey = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(80)", maxLength: 80, nullable: false),
                    NormalizedName = table.Column<string>(type: "nvarchar(160)", maxLength: 160, nullable: false),
                    ConnectionJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    TestStatus = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    TestMessage = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    TestedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedBy = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    ConcurrencyStamp = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TenantCredentials", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TenantCredentials_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConnectorInstallations_CredentialId",
                table: "ConnectorInstallations",
                column: "CredentialId");

            migrationBuilder.CreateIndex(
                name: "IX_TenantCredentials_TenantId_ConnectorKey_NormalizedName",
                table: "TenantCredentials",
                columns: new[] { "TenantId", "ConnectorKey", "NormalizedName" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_ConnectorInstallations_TenantCredentials_CredentialId",
                table: "ConnectorInstallations",
                column: "CredentialId",
                principalTable: "TenantCredentials",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ConnectorInstallations_TenantCredentials_CredentialId",
                table: "ConnectorInstallations");

            migrationBuilder.DropTable(
                name: "TenantCredentials");

            migrationBuilder.DropIndex(
                name: "IX_ConnectorInstallations_CredentialId",
                table: "ConnectorInstallations");

            migrationBuilder.DropColumn(
                name: "CredentialId",
                table: "ConnectorInstallations");
        }
    }
}
