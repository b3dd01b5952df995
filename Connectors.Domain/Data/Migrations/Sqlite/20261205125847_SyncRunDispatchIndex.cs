using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Connectors.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SyncRunDispatchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_SyncRuns_Status_TenantId_QueuedAt_NotBefore",
                table: "SyncRuns",
                columns: new[] { "Status", "TenantId", "QueuedAt", "NotBefore" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SyncRuns_Status_TenantId_QueuedAt_NotBefore",
                table: "SyncRuns");
        }
    }
}
