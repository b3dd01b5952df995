using System.Reflection;
using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Connectors.Domain.Administration;
using Connectors.Tests.Components.Shared;
using Connectors.Web.Auth;
using Connectors.Web.Components.Pages.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Components.Pages.Support;

/// <summary>The support tenants page: who may open it, the tenant list over the real
/// <see cref="Connectors.Domain.Tenancy.TenantDirectory"/>, and the messages the start endpoint sends back.</summary>
public sealed class SupportTenantsPageTests : SupportTestContext
{
    // The page's own attribute, evaluated by the app's own policies and handler.
    [Fact]
    public async Task AuthorizePolicy_OfThePage_AdmitsSupportStaffAndNoTenantRole()
    {
        var policy = typeof(SupportTenantsPage).GetCustomAttributes<AuthorizeAttribute>().ShouldHaveSingleItem().Policy;
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(Bed.Clock).AddConnectorsPolicies();
        await using var provider = services.BuildServiceProvider();
        var authorization = provider.GetRequiredService<IAuthorizationService>();

        async Task<bool> Admits(params Claim[] claims) => (await authorization.AuthorizeAsync(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "u-1"), .. claims], "test")), policy!)).Succeeded;

        policy.ShouldBe(Policies.Support);
        (await Admits(new Claim(ConnectorsClaims.Support, "true"))).ShouldBeTrue();
        (await Admits(new Claim(ConnectorsClaims.Tenant, Bed.Acme.ToString()), new Claim(ConnectorsClaims.Role, "SuperAdmin"))).ShouldBeFalse();
        (await Admits(new Claim(ConnectorsClaims.Tenant, Bed.Acme.ToString()), new Claim(ConnectorsClaims.Role, "Admin"))).ShouldBeFalse();
        (await Admits(new Claim(ConnectorsClaims.Support, "false"))).ShouldBeFalse();
    }

    [Fact]
    public void Render_Support_ListsEveryTenantWithItsSlugDefaultProjectAndAnImpersonateAction()
    {
        var page = RenderPage();

        page.WaitForAssertion(() => Slugs(page).ShouldBe(["acme", "globex"]));
        var acme = Row(page, "acme");
        acme.QuerySelector("td.cell-primary")!.TextContent.Trim().ShouldBe("ACME");
        acme.QuerySelector("[data-col='Default project']")!.TextContent.Trim().ShouldBe("default");
        page.ByTestId("impersonate-acme").TextContent.Trim().ShouldBe("Impersonate");
        page.ByTestId("impersonate-globex").TextContent.Trim().ShouldBe("Impersonate");
        page.Markup.ShouldNotContain("Impersonating now");
        page.Has("impersonation-error").ShouldBeFalse();
        page.Has("impersonation-expired").ShouldBeFalse();
    }

    [Fact]
    public void Render_WhileImpersonatingAcme_MarksItsRowAndOffersARestart()
    {
        SignInAsSupport(new Impersonation(Bed.Acme, ImpersonationMode.ReadOnly, Bed.Clock.GetUtcNow().AddMinutes(30), "Ticket 4711"));

        var page = RenderPage();

        page.WaitForAssertion(() => Slugs(page).ShouldBe(["acme", "globex"]));
        Row(page, "acme").TextContent.ShouldContain("Impersonating now");
        page.ByTestId("impersonate-acme").TextContent.Trim().ShouldBe("Restart");
        Row(page, "globex").TextContent.ShouldNotContain("Impersonating now");
        page.ByTestId("impersonate-globex").TextContent.Trim().ShouldBe("Impersonate");
    }

    [Fact]
    public void Render_BackFromTheStartEndpointWithAnError_ShowsItsMessage()
    {
        var message = $"Duration: between {Impersonation.MinMinutes} and {Impersonation.MaxMinutes} minutes.";
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/support/tenants?error={Uri.EscapeDataString(message)}");

        var page = RenderPage();

        page.WaitForAssertion(() => page.ByTestId("impersonation-error").TextContent.Trim().ShouldBe(message));
        page.Has("impersonation-expired").ShouldBeFalse();
    }

    [Fact]
    public void Render_AfterAnImpersonationExpired_SaysItEnded()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/support/tenants?expired=1");

        var page = RenderPage();

        page.WaitForAssertion(() => page.ByTestId("impersonation-expired").TextContent.ShouldContain("Your impersonation has ended."));
        page.Has("impersonation-error").ShouldBeFalse();
    }

    [Fact]
    public async Task ImpersonateClick_OpensTheDialogForThatTenant()
    {
        var page = RenderPage();
        page.WaitForAssertion(() => Slugs(page).ShouldBe(["acme", "globex"]));

        await page.ByTestId("impersonate-globex").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => page.Find(".mud-dialog").TextContent.ShouldContain("Impersonate GLOBEX"));
        page.Find("#impersonate-form input[name='TenantId']").GetAttribute("value").ShouldBe(Bed.Globex.ToString());
    }

    private IRenderedComponent<IComponent> RenderPage() => RenderWithProviders(builder =>
    {
        builder.OpenComponent<SupportTenantsPage>(0);
        builder.CloseComponent();
    });

    private static IReadOnlyList<string?> Slugs(IRenderedComponent<IComponent> page) =>
        [.. page.FindAll("[data-testid='tenant-row']").Select(r => r.GetAttribute("data-slug"))];

    private static IElement Row(IRenderedComponent<IComponent> page, string slug) =>
        page.Find($"[data-testid='tenant-row'][data-slug='{slug}']");
}
