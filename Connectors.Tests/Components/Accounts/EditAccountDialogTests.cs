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

/// <summary>The edit dialog's cadence choice (inherit, presets, custom minutes), saving through the real
/// <see cref="AccountEditor"/>. The deployment default of 15 minutes is inherited.</summary>
public sealed class EditAccountDialogTests : ComponentTestContext
{
    private IDialogReference _dialog = null!;
    private Guid _account;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _account = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support")).AccountId;
    }

    [Fact]
    public async Task Open_InheritedCadence_OffersInheritWithTheDefaultThePresetsAndCustom()
    {
        var host = await OpenAsync();

        ChoiceText(host).ShouldBe("Inherit (15 min default)");
        host.Has("account-cadence").ShouldBeFalse();
        await host.ByTestId("account-cadence-choice").Closest(".mud-input-control")!.MouseDownAsync(new MouseEventArgs());
        host.WaitForElements(".mud-popover-open .mud-list-item").Select(o => o.TextContent.Trim()).ShouldBe([
            "Inherit (15 min default)", "Every 5 min", "Every 15 min", "Every 30 min", "Every 1 h", "Every 6 h", "Every 12 h",
            "Every 1 day", "Every 7 days", "Custom…",
        ]);
    }

    [Fact]
    public async Task Save_PresetChosen_StoresItsMinutes()
    {
        var host = await OpenAsync();

        await host.SelectAsync("account-cadence-choice", "Every 1 day");
        await host.ByTestId("edit-submit").ClickAsync(new MouseEventArgs());

        var result = await _dialog.Result.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        result!.Canceled.ShouldBeFalse();
        ((AccountSummary)result.Data!).CadenceMinutes.ShouldBe(1_440);
        (await Domain<AccountQueries>().GetAccountAsync(_account, Ct)).CadenceMinutes.ShouldBe(1_440);
    }

    [Fact]
    public async Task Save_CustomBelowFiveMinutes_ShowsTheServersMessageUnderTheFieldAndStaysOpen()
    {
        var host = await OpenAsync();

        await host.SelectAsync("account-cadence-choice", "Custom…");
        host.ByTestId("account-cadence").GetAttribute("value").ShouldBe("15");
        await host.TypeAsync("account-cadence", "4");
        await host.ByTestId("edit-submit").ClickAsync(new MouseEventArgs());

        host.WaitForAssertion(() => host.MessageOf("account-cadence")
            .ShouldBe("The sync cadence must be between 5 minutes and 7 days (10080 minutes), or empty to inherit."));
        host.Has("edit-submit").ShouldBeTrue();
        (await Domain<AccountQueries>().GetAccountAsync(_account, Ct)).CadenceMinutes.ShouldBeNull();
    }

    [Fact]
    public async Task Save_CustomLeftEmpty_AsksForMinutesWithoutSaving()
    {
        var host = await OpenAsync();

        await host.SelectAsync("account-cadence-choice", "Custom…");
        await host.TypeAsync("account-cadence", "");
        await host.ByTestId("edit-submit").ClickAsync(new MouseEventArgs());

        host.WaitForAssertion(() => host.MessageOf("account-cadence").ShouldBe("Enter the sync cadence in minutes, or choose another option."));
        host.Has("edit-submit").ShouldBeTrue();
    }

    [Fact]
    public async Task Open_OwnCadenceNotAPreset_ShowsCustomWithItsMinutes()
    {
        await Domain<AccountEditor>().UpdateAsync(_account, new AccountEdit("Support", null, 90), Ct);

        var host = await OpenAsync();

        ChoiceText(host).ShouldBe("Custom…");
        host.ByTestId("account-cadence").GetAttribute("value").ShouldBe("90");
    }

    [Fact]
    public async Task Save_InheritAfterAPreset_ClearsTheAccountsCadence()
    {
        await Domain<AccountEditor>().UpdateAsync(_account, new AccountEdit("Support", null, 360), Ct);
        var host = await OpenAsync();
        ChoiceText(host).ShouldBe("Every 6 h");

        await host.SelectAsync("account-cadence-choice", "Inherit (15 min default)");
        await host.ByTestId("edit-submit").ClickAsync(new MouseEventArgs());

        await _dialog.Result.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        (await Domain<AccountQueries>().GetAccountAsync(_account, Ct)).CadenceMinutes.ShouldBeNull();
    }

    private async Task<IRenderedComponent<IComponent>> OpenAsync()
    {
        var account = await Domain<AccountQueries>().GetAccountAsync(_account, Ct);
        var projects = await Domain<ProjectRegistry>().ListAsync(Ct);
        var host = RenderWithProviders();
        var dialogs = Services.GetRequiredService<IDialogService>();
        _dialog = await host.InvokeAsync(() => dialogs.ShowAsync<EditAccountDialog>(null,
            new DialogParameters<EditAccountDialog> { { d => d.Account, account }, { d => d.Projects, projects } }));
        host.WaitForElement("[data-testid='edit-submit']");
        return host;
    }

    /// <summary>The text the cadence select shows for its current choice.</summary>
    private static string ChoiceText(IRenderedComponent<IComponent> host) => host.ByTestId("account-cadence-choice").TextContent.Trim();
}
