using Bunit;
using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Connectors.Tests.Components.Shared;
using Connectors.Web.Components.Accounts;
using Connectors.Web.Components.Pages.AccountDetail;
using Connectors.Web.Components.Pages.ConnectorList;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Connectors.Tests.Components.Accounts;

/// <summary>What a submission leads to (issue 15, items 6–8): every missing field at once, the first sync and the
/// chosen cadence on success, the Pending account kept or discarded after a refusal.</summary>
public sealed partial class AddAccountDialogTests
{
    [Fact]
    public async Task Submit_Empty_MarksEveryMissingFieldAtOnceInOneWording()
    {
        var host = await OpenAsync();

        await host.ByTestId("connect-submit").ClickAsync(new MouseEventArgs());

        host.WaitForAssertion(() => host.ByTestId("form-error").TextContent.ShouldBe("Fix the 4 highlighted fields."));
        host.Markup.ShouldContain("Label is required.");
        host.Markup.ShouldContain("Host is required.");
        host.Markup.ShouldContain("Username is required.");
        host.Markup.ShouldContain("Password is required.");
        (await SummaryAsync(SchemaTestConnector.ConnectorKey)).Accounts.ShouldBeEmpty();
    }

    [Fact]
    public async Task Submit_Connected_StartsTheFirstSyncAtOnce_WithTheChosenCadence()
    {
        var host = await OpenAsync();
        await FillSupportAsync(host, "right-pw");
        await host.SelectAsync("add-cadence", "Every 1 h");

        await host.ByTestId("connect-submit").ClickAsync(new MouseEventArgs());

        await _dialog.Result.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var account = (await SummaryAsync(SchemaTestConnector.ConnectorKey)).Accounts.ShouldHaveSingleItem();
        account.CadenceMinutes.ShouldBe(60);
        account.LastRun.ShouldNotBeNull("the first sync was queued when the account connected");
    }

    [Fact]
    public async Task Refused_SaysTheAccountWasKeptAsPending_AndDiscardDeletesIt()
    {
        var host = await OpenAsync();
        await FillSupportAsync(host, SchemaTestConnector.WrongPassword);
        await host.ByTestId("connect-submit").ClickAsync(new MouseEventArgs());

        host.WaitForAssertion(() => host.ByTestId("pending-kept").TextContent.ShouldContain("“Support” was kept as Pending"));
        (await SummaryAsync(SchemaTestConnector.ConnectorKey)).Accounts.ShouldHaveSingleItem().Status.ShouldBe(InstallationStatus.Pending);
        await host.ByTestId("discard-pending").ClickAsync(new MouseEventArgs());

        (await _dialog.Result.WaitAsync(TimeSpan.FromSeconds(10), Ct))!.Canceled.ShouldBeTrue();
        (await SummaryAsync(SchemaTestConnector.ConnectorKey)).Accounts.ShouldBeEmpty();
    }
}
