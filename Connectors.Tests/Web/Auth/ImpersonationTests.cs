using System.Net;
using Connectors.Domain.Administration;
using Connectors.Domain.Auditing;
using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Web.Auth;

/// <summary>Starting, using, stopping and outliving a support impersonation over the real app.</summary>
public sealed class ImpersonationTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private ConnectorsAppFactory _app = null!;
    private Guid _acme;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = new ConnectorsAppFactory(clock: _clock);
        await WebSession.AddRoleUsersAsync(_app);
        _acme = await WebSession.AcmeAsync(_app);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Start_ReadOnly_OpensTheTenantsAdminAreaWithTheBannerAndAuditsTheReason()
    {
        using var client = await WebSession.StartAsync(_app, Who.Support);

        var started = await WebSession.ImpersonateAsync(client, Form("read-only"));
        var page = await client.GetAsync("/admin/connectors", Ct);

        started.Headers.Location!.ToString().ShouldBe("/admin");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("data-testid=\"impersonation-banner\"");
        html.ShouldContain("data-mode=\"read-only\"");
        html.ShouldContain("Impersonating <b>Acme</b>");
        var entry = (await AuditAsync()).ShouldHaveSingleItem();
        entry.Action.ShouldBe("impersonation.started");
        entry.Summary.ShouldContain("read-only");
        entry.Summary.ShouldContain("Ticket 4711");
        entry.ImpersonatorUserId.ShouldBe(entry.ActorUserId);
        entry.ActorUserId.ShouldBe(await SupportUserIdAsync());
    }

    [Theory]
    [InlineData("Reason", "", "Reason")]
    [InlineData("Reason", "   ", "Reason")]
    [InlineData("Mode", "owner", "Mode")]
    [InlineData("Minutes", "0", "Duration")]
    [InlineData("Minutes", "5", "Duration")]
    [InlineData("Minutes", "14", "Duration")]
    [InlineData("Minutes", "100000", "Duration")]
    [InlineData("Minutes", "soon", "Duration")]
    [InlineData("TenantId", "not-a-guid", "Tenant")]
    public async Task Start_BadField_GoesBackNamingTheFieldAndChangesNothing(string field, string value, string named)
    {
        using var client = await WebSession.StartAsync(_app, Who.Support);
        var form = Form("full-access");
        form[field] = value;

        var response = await WebSession.ImpersonateAsync(client, form);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = Uri.UnescapeDataString(response.Headers.Location!.ToString());
        location.ShouldStartWith("/support/tenants?error=");
        location.ShouldContain(named);
        (await client.GetAsync("/admin/connectors", Ct)).Headers.Location!.ToString().ShouldContain("/account/access-denied");
        (await AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Start_UnknownTenant_GoesBackSayingSo()
    {
        using var client = await WebSession.StartAsync(_app, Who.Support);
        var form = Form("read-only");
        form["TenantId"] = Guid.NewGuid().ToString();

        var response = await WebSession.ImpersonateAsync(client, form);

        Uri.UnescapeDataString(response.Headers.Location!.ToString()).ShouldContain("tenant does not exist");
    }

    [Fact]
    public async Task Start_WithoutAntiforgeryToken_IsRefusedWithoutA500()
    {
        using var client = await WebSession.StartAsync(_app, Who.Support);

        var response = await client.PostAsync("/support/impersonation/start", new FormUrlEncodedContent(Form("read-only")), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await AuditAsync()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(Who.SuperAdmin)]
    [InlineData(Who.Admin)]
    public async Task Start_ByATenantUser_IsDenied(Who who)
    {
        using var client = await WebSession.StartAsync(_app, who);

        var response = await WebSession.ImpersonateAsync(client, Form("full-access"));

        response.Headers.Location!.ToString().ShouldContain("/account/access-denied");
        (await AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Stop_ReturnsToTheSupportIdentityAndIsAudited()
    {
        using var client = await WebSession.StartAsync(_app, Who.SupportFullAccess);

        var stopped = await WebSession.StopImpersonatingAsync(client);

        stopped.Headers.Location!.ToString().ShouldBe("/support/tenants");
        (await client.GetAsync("/admin/connectors", Ct)).Headers.Location!.ToString().ShouldContain("/account/access-denied");
        (await AuditAsync()).Select(e => e.Action).ShouldBe(["impersonation.started", "impersonation.stopped"]);
    }

    [Fact]
    public async Task Start_WhileImpersonating_EndsTheRunningOneFirst()
    {
        using var client = await WebSession.StartAsync(_app, Who.SupportReadOnly);

        await WebSession.ImpersonateAsync(client, Form("full-access"));

        var audit = await AuditAsync();
        audit.Count(e => e.Action == "impersonation.started").ShouldBe(2);
        audit.Single(e => e.Action == "impersonation.stopped").TargetId.ShouldBe(_acme.ToString());
    }

    [Fact]
    public async Task Impersonation_AfterItsDuration_EndsByItselfAndSupportStaysSignedIn()
    {
        using var client = await WebSession.StartAsync(_app, Who.SupportFullAccess);
        (await client.GetAsync("/admin/connectors", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        _clock.Advance(TimeSpan.FromMinutes(61));

        (await client.GetAsync("/admin/connectors", Ct)).Headers.Location!.ToString().ShouldContain("/account/access-denied");
        var home = await client.GetAsync("/", Ct);
        home.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await home.Content.ReadAsStringAsync(Ct)).ShouldNotContain("impersonation-banner");
    }

    private Dictionary<string, string> Form(string mode) => new()
    {
        ["TenantId"] = _acme.ToString(),
        ["Reason"] = "Ticket 4711: the customer cannot see their mailbox",
        ["Mode"] = mode,
        ["Minutes"] = "60",
    };

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(_acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.AuditEntries.OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(Ct);
    }

    private async Task<string> SupportUserIdAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ConnectorsUser>>();
        return (await users.FindByEmailAsync(DatabaseSeeder.DefaultSupportEmail))!.Id;
    }
}
