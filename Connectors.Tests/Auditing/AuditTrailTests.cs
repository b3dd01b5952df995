using Connectors.Domain.Auditing;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Auditing;

public sealed class AuditTrailTests : TestBedTests
{
    private static readonly DateTime Start = new(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc);

    protected override async Task SeedAsync()
    {
        await using (var scope = Bed.As(Bed.Acme))
        {
            await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
            db.Users.Add(new ConnectorsUser { Id = "u-admin", UserName = "admin@acme.test", Email = "admin@acme.test" });
            db.Users.Add(new ConnectorsUser { Id = "u-support", UserName = "support@connectors.test", Email = "support@connectors.test", IsSupport = true });
            await db.SaveChangesAsync(Ct);
        }

        // Day 1: the admin adds a project; day 2: support acting for the admin renames it; day 3: the system syncs.
        await ActAsync("u-admin", null, r => r.AddAsync("legal", "Legal", Ct));
        Bed.Clock.Advance(TimeSpan.FromDays(1));
        await ActAsync("u-admin", "u-support", r => r.RenameAsync("legal", "Legal & compliance", Ct));
        Bed.Clock.Advance(TimeSpan.FromDays(1));
        await using (var scope = Bed.Database.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Use(Bed.Acme);
            scope.ServiceProvider.GetRequiredService<ActorContext>().UseSystem();
            await scope.ServiceProvider.GetRequiredService<ProjectRegistry>().AddAsync("archive", "Archive", Ct);
        }

        await using var globex = Bed.As(Bed.Globex, userId: "u-admin");
        await globex.ServiceProvider.GetRequiredService<ProjectRegistry>().AddAsync("globex-only", "Globex only", Ct);
    }

    [Fact]
    public async Task SearchAsync_NoFilter_ListsTheTenantsEntriesNewestFirstWithEmails()
    {
        var page = await SearchAsync(new AuditFilter());

        page.Total.ShouldBe(3);
        page.Items.Select(i => (i.Action, i.TargetId, i.Actor, i.Impersonator)).ShouldBe([
            ("project.added", "archive", "system", null),
            ("project.renamed", "legal", "admin@acme.test", "support@connectors.test"),
            ("project.added", "legal", "admin@acme.test", null),
        ]);
        page.Items.Select(i => i.At).ShouldBe([Start.AddDays(2), Start.AddDays(1), Start]);
    }

    [Fact]
    public async Task SearchAsync_ActionFilter_KeepsOnlyThatAction()
    {
        var page = await SearchAsync(new AuditFilter(Action: "project.renamed"));

        page.Items.Single().Summary.ShouldContain("Legal & compliance");
    }

    [Fact]
    public async Task SearchAsync_ActorFilter_MatchesTheEmailCaseInsensitively()
    {
        var page = await SearchAsync(new AuditFilter(Actor: "ADMIN@acme"));

        page.Total.ShouldBe(2);
        page.Items.ShouldAllBe(i => i.Actor == "admin@acme.test");
    }

    [Fact]
    public async Task SearchAsync_TextFilter_MatchesSummaryOrTarget()
    {
        (await SearchAsync(new AuditFilter(Text: "COMPLIANCE"))).Items.Select(i => i.Action).ShouldBe(["project.renamed"]);
        (await SearchAsync(new AuditFilter(Text: "archive"))).Items.Select(i => i.TargetId).ShouldBe(["archive"]);
    }

    [Fact]
    public async Task SearchAsync_DateRange_IsInclusiveFromAndExclusiveUntil()
    {
        var page = await SearchAsync(new AuditFilter(From: Start.Date.AddDays(1), Until: Start.Date.AddDays(2)));

        page.Items.Select(i => i.Action).ShouldBe(["project.renamed"]);
    }

    [Fact]
    public async Task SearchAsync_Paging_ReturnsTheRestWithTheTotal()
    {
        var page = await SearchAsync(new AuditFilter(), pageIndex: 1, pageSize: 2);

        page.Total.ShouldBe(3);
        page.Items.Select(i => i.TargetId).ShouldBe(["legal"]);
        page.Items.Single().Action.ShouldBe("project.added");
    }

    [Fact]
    public async Task ActionsAsync_ListsTheDistinctActionsOfTheTenant()
    {
        await using var scope = Bed.As(Bed.Acme, TenantRole.Admin);

        var actions = await scope.ServiceProvider.GetRequiredService<AuditTrail>().ActionsAsync(Ct);

        actions.ShouldBe(["project.added", "project.renamed"]);
    }

    [Fact]
    public async Task SearchAsync_Member_IsAccessDenied()
    {
        await using var scope = Bed.As(Bed.Acme, TenantRole.Member);

        await Should.ThrowAsync<AccessDeniedException>(() =>
            scope.ServiceProvider.GetRequiredService<AuditTrail>().SearchAsync(new AuditFilter(), 0, 25, Ct));
    }

    private async Task ActAsync(string userId, string? impersonatorId, Func<ProjectRegistry, Task> action)
    {
        await using var scope = Bed.Database.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(Bed.Acme);
        scope.ServiceProvider.GetRequiredService<ActorContext>().Use(userId, TenantRole.SuperAdmin, impersonatorId);
        await action(scope.ServiceProvider.GetRequiredService<ProjectRegistry>());
    }

    private async Task<AuditPage> SearchAsync(AuditFilter filter, int pageIndex = 0, int pageSize = 25)
    {
        await using var scope = Bed.As(Bed.Acme, TenantRole.Admin);
        return await scope.ServiceProvider.GetRequiredService<AuditTrail>().SearchAsync(filter, pageIndex, pageSize, Ct);
    }
}
