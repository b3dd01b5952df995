using Connectors.Domain.Auditing;
using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Documents;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Overview;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Projects;

public sealed class ProjectRegistryTests : TestBedTests
{
    [Fact]
    public async Task RenameAsync_SuperAdmin_ChangesTheNameKeepsTheKeyAndAudits()
    {
        await using var scope = Bed.As(Bed.Acme);
        var registry = scope.ServiceProvider.GetRequiredService<ProjectRegistry>();

        var renamed = await registry.RenameAsync("acme-hr", "  Human resources ", Ct);

        renamed.ShouldBe(new ProjectSummary("acme-hr", "Human resources"));
        (await registry.ListAsync(Ct)).ShouldContain(new ProjectSummary("acme-hr", "Human resources"));
        var entry = await SingleAuditAsync(scope, "project.renamed");
        (entry.TargetType, entry.TargetId, entry.ActorUserId).ShouldBe(("project", "acme-hr", "user-1"));
        entry.Summary.ShouldContain("Human resources");
    }

    [Fact]
    public async Task RenameAsync_Admin_IsAccessDeniedAndChangesNothing()
    {
        await using var scope = Bed.As(Bed.Acme, TenantRole.Admin);

        await Should.ThrowAsync<AccessDeniedException>(() =>
            scope.ServiceProvider.GetRequiredService<ProjectRegistry>().RenameAsync("acme-hr", "Renamed", Ct));

        (await scope.ServiceProvider.GetRequiredService<ProjectRegistry>().ListAsync(Ct)).ShouldContain(new ProjectSummary("acme-hr", "acme-hr"));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("")]
    public async Task RenameAsync_UnknownKey_IsNotFound(string key)
    {
        await using var scope = Bed.As(Bed.Acme);

        var error = await Should.ThrowAsync<NotFoundException>(() =>
            scope.ServiceProvider.GetRequiredService<ProjectRegistry>().RenameAsync(key, "Renamed", Ct));

        error.Message.ShouldContain($"'{key}'");
    }

    [Fact]
    public async Task RenameAsync_AnotherTenantsProject_IsNotFound()
    {
        await using (var globex = Bed.As(Bed.Globex))
        {
            await globex.ServiceProvider.GetRequiredService<ProjectRegistry>().AddAsync("legal", "Legal", Ct);
        }

        await using var scope = Bed.As(Bed.Acme);
        await Should.ThrowAsync<NotFoundException>(() =>
            scope.ServiceProvider.GetRequiredService<ProjectRegistry>().RenameAsync("legal", "Taken over", Ct));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task RenameAsync_BlankName_IsAValidationErrorOnName(string name)
    {
        await using var scope = Bed.As(Bed.Acme);

        var error = await Should.ThrowAsync<ValidationFailedException>(() =>
            scope.ServiceProvider.GetRequiredService<ProjectRegistry>().RenameAsync("acme-hr", name, Ct));

        error.Errors.Keys.ShouldBe(["name"]);
    }

    [Fact]
    public async Task AddAsync_DuplicateKey_IsAValidationErrorNamingTheKey()
    {
        await using var scope = Bed.As(Bed.Acme);

        var error = await Should.ThrowAsync<ValidationFailedException>(() =>
            scope.ServiceProvider.GetRequiredService<ProjectRegistry>().AddAsync("engineering", "Again", Ct));

        error.Errors["key"].ShouldContain("'engineering'");
    }

    [Fact]
    public async Task OverviewAsync_WithBindingsAndDocuments_CountsThemAndMarksTheDefault()
    {
        var account = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support", projectKey: "acme-hr")).AccountId;
        await Bed.CreateMailAccountAsync(Bed.Acme, "Sales");
        await using var scope = Bed.As(Bed.Acme, TenantRole.Admin);
        await scope.ServiceProvider.GetRequiredService<DocumentStore>().UpsertAsync(
            new ConnectorAccount(account, Bed.Acme, TestMailConnector.ConnectorKey, "Support", "acme-hr", []),
            [new DocumentInput("m-1", "One", "1"), new DocumentInput("m-2", "Two", "2")], Ct);

        var overview = await scope.ServiceProvider.GetRequiredService<ProjectOverviews>().ListAsync(Ct);

        overview.ShouldBe([
            new ProjectOverview("acme-hr", "acme-hr", IsTenantDefault: false, BoundAccounts: 1, Documents: 2),
            new ProjectOverview("default", "default", IsTenantDefault: true, BoundAccounts: 0, Documents: 0),
            new ProjectOverview("engineering", "engineering", IsTenantDefault: false, BoundAccounts: 0, Documents: 0),
        ]);
    }

    [Fact]
    public async Task OverviewAsync_Member_IsAccessDenied()
    {
        await using var scope = Bed.As(Bed.Acme, TenantRole.Member);

        await Should.ThrowAsync<AccessDeniedException>(() => scope.ServiceProvider.GetRequiredService<ProjectOverviews>().ListAsync(Ct));
    }

    private static async Task<AuditEntry> SingleAuditAsync(AsyncServiceScope scope, string action)
    {
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.AuditEntries.SingleAsync(a => a.Action == action, Ct);
    }
}
