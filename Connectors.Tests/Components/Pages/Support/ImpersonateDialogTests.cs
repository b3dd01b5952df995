using System.Net;
using Bunit;
using Connectors.Domain.Administration;
using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Components.Shared;
using Connectors.Tests.Infrastructure;
using Connectors.Tests.Web;
using Connectors.Web.Components.Pages.Support;
using Connectors.Web.Endpoints;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Connectors.Tests.Components.Pages.Support;

/// <summary>The impersonate dialog: a real form whose hidden fields mirror the visible controls and are
/// posted to <see cref="ImpersonationEndpoints.StartPath"/>, which accepts 15 minutes to 8 hours.</summary>
public sealed class ImpersonateDialogTests : SupportTestContext
{
    private IDialogReference _dialog = null!;

    [Fact]
    public async Task Open_NamesTheTenantDefaultsToReadOnlyForOneHourAndWaitsForAReason()
    {
        var host = await OpenAsync(await AcmeAsync());

        host.Find(".mud-dialog").TextContent.ShouldContain("Impersonate ACME");
        Posted(host).ShouldBe(new Dictionary<string, string?>
        {
            ["TenantId"] = Bed.Acme.ToString(),
            ["Reason"] = null,
            ["Mode"] = "read-only",
            ["Minutes"] = "60",
        });
        host.ByTestId("impersonation-duration").TextContent.Trim().ShouldBe("1 hour");
        host.ByTestId("impersonation-start").HasAttribute("disabled").ShouldBeTrue("there is no reason yet");
    }

    [Fact]
    public async Task Reason_BlankThenTyped_EnablesStartOnlyForARealReason()
    {
        var host = await OpenAsync(await AcmeAsync());

        await host.TypeImmediateAsync("impersonation-reason", "   ");
        host.ByTestId("impersonation-start").HasAttribute("disabled").ShouldBeTrue();

        await host.TypeImmediateAsync("impersonation-reason", "Ticket 4711");

        host.WaitForAssertion(() => host.ByTestId("impersonation-start").HasAttribute("disabled").ShouldBeFalse());
        Posted(host)["Reason"].ShouldBe("Ticket 4711");
    }

    [Fact]
    public async Task DurationChoices_AreExactlyFifteenMinutesToEightHours_EachOneTheServerAccepts()
    {
        var host = await OpenAsync(await AcmeAsync());
        await host.TypeImmediateAsync("impersonation-reason", "Ticket 4711");

        await host.ByTestId("impersonation-duration").Closest(".mud-input-control")!.MouseDownAsync(new MouseEventArgs());
        var choices = host.WaitForElements(".mud-popover-open .mud-list-item").Select(o => o.TextContent.Trim()).ToList();
        await host.ByTestId("impersonation-duration").Closest(".mud-input-control")!.MouseDownAsync(new MouseEventArgs());

        choices.ShouldBe(["15 minutes", "30 minutes", "1 hour", "2 hours", "4 hours", "8 hours"]);
        var posted = new List<string?>();
        foreach (var choice in choices)
        {
            await host.SelectAsync("impersonation-duration", choice);
            host.WaitForAssertion(() => host.ByTestId("impersonation-duration").TextContent.Trim().ShouldBe(choice));
            var form = Posted(host);
            posted.Add(form["Minutes"]);
            Form(form).Validate().ShouldBeNull($"the server refuses the dialog's choice {choice}");
        }

        posted.ShouldBe(["15", "30", "60", "120", "240", "480"]);
        Form(new() { ["TenantId"] = Bed.Acme.ToString(), ["Reason"] = "r", ["Mode"] = "read-only", ["Minutes"] = "14" })
            .Validate().ShouldBe("Duration: between 15 and 480 minutes.", "15 minutes is the shortest the server accepts");
        Form(new() { ["TenantId"] = Bed.Acme.ToString(), ["Reason"] = "r", ["Mode"] = "read-only", ["Minutes"] = "481" })
            .Validate().ShouldBe("Duration: between 15 and 480 minutes.", "8 hours is the longest the server accepts");
    }

    [Fact]
    public async Task Choices_MirrorIntoTheFormThatPostsToTheStartEndpoint()
    {
        var host = await OpenAsync(await AcmeAsync());

        await host.TypeImmediateAsync("impersonation-reason", "Ticket 4711: mailbox missing");
        await host.ByTestId("mode-full-access").ClickAsync(new MouseEventArgs());
        await host.SelectAsync("impersonation-duration", "8 hours");

        host.WaitForAssertion(() => Posted(host)["Minutes"].ShouldBe("480"));
        Posted(host).ShouldBe(new Dictionary<string, string?>
        {
            ["TenantId"] = Bed.Acme.ToString(),
            ["Reason"] = "Ticket 4711: mailbox missing",
            ["Mode"] = "full-access",
            ["Minutes"] = "480",
        });
        var form = host.Find("#impersonate-form");
        form.GetAttribute("method").ShouldBe("post");
        form.GetAttribute("action").ShouldBe(ImpersonationEndpoints.StartPath);
        form.QuerySelector("input[name='__RequestVerificationToken']").ShouldNotBeNull("the endpoint requires an antiforgery token");
        var start = host.ByTestId("impersonation-start");
        start.GetAttribute("type").ShouldBe("submit");
        start.GetAttribute("form").ShouldBe("impersonate-form");
        start.HasAttribute("disabled").ShouldBeFalse();
        start.ClassList.ShouldContain("mud-button-filled-error", "full access is shown as the dangerous choice");
    }

    [Fact]
    public async Task Cancel_ClosesWithoutAResult()
    {
        var host = await OpenAsync(await AcmeAsync());

        await host.FindAll(".mud-dialog-actions button").Single(b => b.TextContent.Trim() == "Cancel").ClickAsync(new MouseEventArgs());

        var result = await _dialog.Result.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        result!.Canceled.ShouldBeTrue();
        host.FindAll(".mud-dialog").ShouldBeEmpty();
    }

    // The dialog's form, posted as a browser would (its action, its field names, the user's antiforgery
    // token) to the real app: the start endpoint accepts exactly what the dialog renders and audits it.
    [Fact]
    public async Task Submit_FormPostedToTheRealApp_StartsTheImpersonationAndAuditsItsReasonModeAndEnd()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var app = new ConnectorsAppFactory(clock: clock);
        using var browser = await WebSession.StartAsync(app, Who.Support);
        TenantSummary acme;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            acme = await scope.ServiceProvider.GetRequiredService<TenantDirectory>().GetBySlugAsync("acme", Ct);
        }

        var host = await OpenAsync(acme);
        await host.TypeImmediateAsync("impersonation-reason", "Ticket 4711: mailbox missing");
        await host.ByTestId("mode-full-access").ClickAsync(new MouseEventArgs());
        await host.SelectAsync("impersonation-duration", "8 hours");
        host.WaitForAssertion(() => Posted(host)["Minutes"].ShouldBe("480"));
        var fields = Posted(host).ToDictionary(f => f.Key, f => f.Value ?? "");
        fields["__RequestVerificationToken"] = await WebSession.AntiforgeryTokenAsync(browser);

        var response = await browser.PostAsync(host.Find("#impersonate-form").GetAttribute("action"), new FormUrlEncodedContent(fields), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/admin");
        (await browser.GetAsync("/admin/connectors", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var audit = app.Services.CreateAsyncScope();
        audit.ServiceProvider.GetRequiredService<TenantContext>().Use(acme.Id);
        await using var db = await audit.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContextAsync(Ct);
        var entry = (await db.AuditEntries.ToListAsync(Ct)).ShouldHaveSingleItem();
        entry.Action.ShouldBe("impersonation.started");
        entry.Summary.ShouldBe(
            $"Support started a full access impersonation until {clock.GetUtcNow().AddHours(8).UtcDateTime:yyyy-MM-dd HH:mm} UTC. Reason: Ticket 4711: mailbox missing");
        entry.ImpersonatorUserId.ShouldBe(entry.ActorUserId);
        (await db.Users.SingleAsync(u => u.Id == entry.ActorUserId, Ct)).Email.ShouldBe(DatabaseSeeder.DefaultSupportEmail);
    }

    private async Task<TenantSummary> AcmeAsync() => await Domain<TenantDirectory>().GetBySlugAsync("acme", Ct);

    private async Task<IRenderedComponent<IComponent>> OpenAsync(TenantSummary tenant)
    {
        var host = RenderWithProviders();
        var dialogs = Services.GetRequiredService<IDialogService>();
        _dialog = await host.InvokeAsync(() => dialogs.ShowAsync<ImpersonateDialog>(null,
            new DialogParameters<ImpersonateDialog> { { d => d.Tenant, tenant } }));
        host.WaitForElement("[data-testid='impersonation-start']");
        return host;
    }

    /// <summary>What the form posts besides its antiforgery token: name → value (null when empty).</summary>
    private static Dictionary<string, string?> Posted(IRenderedComponent<IComponent> host) =>
        host.FindAll("#impersonate-form input[type='hidden']")
            .Where(i => i.GetAttribute("name") != "__RequestVerificationToken")
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") is { Length: > 0 } v ? v : null);

    private static StartImpersonationForm Form(Dictionary<string, string?> posted) => new()
    {
        TenantId = posted["TenantId"],
        Reason = posted["Reason"],
        Mode = posted["Mode"],
        Minutes = posted["Minutes"],
    };
}
