using Bunit;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Connectors.Tests.Components.Shared;
using Connectors.Tests.Infrastructure;
using Connectors.Web.Components.Accounts;
using Connectors.Web.Components.Pages.AccountDetail;
using Connectors.Web.Components.Pages.ConnectorList;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Connectors.Tests.Components.Accounts;

/// <summary>The add-account dialog for an OAuth connector: label and project only, then the browser goes
/// to the provider with the state the real service issued.</summary>
public sealed class AddAccountDialogOAuthTests : ComponentTestContext
{
    [Fact]
    public async Task Render_OAuthConnector_AsksOnlyLabelAndProject()
    {
        var host = await OpenAsync();

        host.Has("account-label").ShouldBeTrue();
        host.Has("account-project").ShouldBeTrue();
        host.FindAll("[data-testid^='field-']").ShouldBeEmpty();
        host.Find(".mud-dialog").TextContent.ShouldContain("You will be sent to Test drive to grant access.");
    }

    [Fact]
    public async Task Submit_OAuthConnector_CreatesThePendingAccountAndRedirectsToTheProvider()
    {
        var host = await OpenAsync();
        await host.TypeAsync("account-label", "Team drive");

        await host.InvokeAsync(() => host.ByTestId("connect-submit").Click());

        var navigation = Services.GetRequiredService<NavigationManager>();
        host.WaitForAssertion(() => navigation.Uri.ShouldStartWith("https://drive.test/authorize?state="));
        var account = (await SummaryAsync(TestDriveConnector.ConnectorKey)).Accounts.ShouldHaveSingleItem();
        account.Label.ShouldBe("Team drive");
        account.Status.ShouldBe(InstallationStatus.Pending);
    }

    [Fact]
    public async Task Submit_OAuthConnectorWithoutLabel_SaysLabelIsRequiredAndStays()
    {
        var host = await OpenAsync();

        await host.InvokeAsync(() => host.ByTestId("connect-submit").Click());

        host.WaitForAssertion(() => host.MessageOf("account-label").ShouldBe("Label is required."));
        (await SummaryAsync(TestDriveConnector.ConnectorKey)).Accounts.ShouldBeEmpty();
    }

    private async Task<IRenderedComponent<IComponent>> OpenAsync()
    {
        var host = RenderWithProviders();
        var connector = await SummaryAsync(TestDriveConnector.ConnectorKey);
        var projects = await Domain<ProjectRegistry>().ListAsync(Ct);
        var dialogs = Services.GetRequiredService<IDialogService>();
        await host.InvokeAsync(() => dialogs.ShowAsync<AddAccountDialog>(null,
            new DialogParameters<AddAccountDialog> { { d => d.Connector, connector }, { d => d.Projects, projects } }));
        host.WaitForElement("[data-testid='connect-submit']");
        return host;
    }
}
