using AngleSharp.Dom;
using Bunit;
using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;
using Connectors.Tests.Components.Shared;
using Connectors.Web.Components.Accounts;
using Connectors.Web.Components.Pages.AccountDetail;
using Connectors.Web.Components.Pages.ConnectorList;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Connectors.Tests.Components.Accounts;

/// <summary>The settings dialog on the test mail connector's settings form (folder lists discovered from
/// <c>ConnectorCallLog.Folders</c>), saving through the real <see cref="AccountSettingsService"/>.</summary>
public sealed class SettingsDialogTests : ComponentTestContext
{
    private IDialogReference _dialog = null!;
    private Guid _account;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _account = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support")).AccountId;
    }

    [Fact]
    public async Task Open_NothingStored_ShowsDefaultsAndTheDiscoveredOptions()
    {
        var host = await OpenAsync();

        host.WaitForAssertion(() => Options(host, "folders.include").ShouldBe(["INBOX", "Archive", "Sent"]));
        Chips(host, "folders.include").ShouldBeEmpty();
        Chips(host, "folders.exclude").ShouldBe(["Trash", "Spam"]);
        host.ByTestId("field-window_days").GetAttribute("value").ShouldBe("365");
        host.ByTestId("field-folders.include").GetAttribute("type").ShouldBe("text");
        Bed.Calls.Discoveries.Count.ShouldBe(1, "fields sharing a discovery source share one answer");
    }

    [Fact]
    public async Task ListEditing_PickTypeAndRemove_SavesExactlyTheEditedLists()
    {
        var host = await OpenAsync();
        host.WaitForAssertion(() => Options(host, "folders.include").ShouldNotBeEmpty());

        await OptionIn(host, "folders.include", "Archive").ClickAsync(new MouseEventArgs());
        await host.TypeImmediateAsync("field-folders.include", " Projects , Archive ");
        await host.ByTestId("field-folders.include").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        await ChipIn(host, "folders.exclude", "Trash").QuerySelector(".mud-chip-close-button")!.ClickAsync(new MouseEventArgs());

        Chips(host, "folders.include").ShouldBe(["Archive", "Projects"]);
        OptionIn(host, "folders.include", "Archive").OuterHtml.ShouldContain("mud-disabled");
        await host.ByTestId("settings-submit").ClickAsync(new MouseEventArgs());

        var result = await _dialog.Result.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        result!.Canceled.ShouldBeFalse();
        var stored = await Domain<AccountSettingsService>().GetAsync(_account, Ct);
        stored.Values["folders.include"].ShouldBe(new[] { "Archive", "Projects" });
        stored.Values["folders.exclude"].ShouldBe(new[] { "Spam" });
        stored.Customized.ShouldBe(["folders.include", "folders.exclude"], ignoreOrder: true);
    }

    [Fact]
    public async Task DiscoveryFails_ShowsTheReasonWithRetry_AndRetryListsTheOptions()
    {
        Bed.Calls.DiscoveryFailure = "The IMAP server imap.acme.test:993 is unreachable: the connection was refused.";
        var host = await OpenAsync();

        host.WaitForAssertion(() => Within(host, "folders.include", "[data-testid='discovery-error']").ShouldHaveSingleItem()
            .TextContent.ShouldContain("is unreachable: the connection was refused."));
        Options(host, "folders.include").ShouldBeEmpty();
        host.Has("field-folders.include").ShouldBeTrue();

        Bed.Calls.DiscoveryFailure = null;
        await Within(host, "folders.include", "[data-testid='discovery-retry']").Single().ClickAsync(new MouseEventArgs());

        host.WaitForAssertion(() => Options(host, "folders.include").ShouldBe(["INBOX", "Archive", "Sent"]));
        Within(host, "folders.include", "[data-testid='discovery-error']").ShouldBeEmpty();
    }

    [Fact]
    public async Task DiscoveryFails_ValueTypedByHand_IsStillSaved()
    {
        Bed.Calls.DiscoveryFailure = "The IMAP server refused the login: Authentication failed.";
        var host = await OpenAsync();
        host.WaitForAssertion(() => Within(host, "folders.include", "[data-testid='discovery-error']").ShouldHaveSingleItem());

        await host.TypeImmediateAsync("field-folders.include", "INBOX");
        await host.ByTestId("field-folders.include").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        await host.ByTestId("settings-submit").ClickAsync(new MouseEventArgs());

        await _dialog.Result.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        (await Domain<AccountSettingsService>().GetAsync(_account, Ct)).Values["folders.include"].ShouldBe(new[] { "INBOX" });
    }

    [Fact]
    public async Task Save_ListEntryTooLong_ShowsTheMessageUnderTheFieldAndStaysOpen()
    {
        var host = await OpenAsync();

        await host.TypeImmediateAsync("field-senders.exclude", new string('x', 1100));
        await host.ByTestId("field-senders.exclude").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        await host.ByTestId("settings-submit").ClickAsync(new MouseEventArgs());

        host.WaitForAssertion(() => host.MessageOf("field-senders.exclude").ShouldBe("Each entry of Senders to skip must be at most 1024 characters."));
        host.ByTestId("form-error").TextContent.ShouldBe("Fix the highlighted field.");
        host.Has("settings-submit").ShouldBeTrue();
        (await Domain<AccountSettingsService>().GetAsync(_account, Ct)).Customized.ShouldBeEmpty();
    }

    [Fact]
    public async Task Save_NumberOutOfRange_IsRefusedNamingTheField_NotClampedAndSaved()
    {
        var host = await OpenAsync();

        await host.TypeAsync("field-window_days", "-1");
        await host.ByTestId("settings-submit").ClickAsync(new MouseEventArgs());

        host.WaitForAssertion(() => host.MessageOf("field-window_days").ShouldBe("Days of mail to sync must be between 0 and 1000."));
        host.Has("settings-submit").ShouldBeTrue();
        _dialog.Result.IsCompleted.ShouldBeFalse();
        (await Domain<AccountSettingsService>().GetAsync(_account, Ct)).Customized.ShouldBeEmpty();
    }

    [Fact]
    public async Task AFieldWithAShowIf_AppearsOnlyOnceItsConditionHolds_AndIsSavedThen()
    {
        var host = await OpenAsync();
        host.Has("field-attachments.max_kb").ShouldBeFalse();

        await host.SelectAsync("field-attachments", "Index their text");
        host.WaitForAssertion(() => host.Has("field-attachments.max_kb").ShouldBeTrue());
        await host.TypeAsync("field-attachments.max_kb", "2048");
        await host.ByTestId("settings-submit").ClickAsync(new MouseEventArgs());

        (await _dialog.Result.WaitAsync(TimeSpan.FromSeconds(10), Ct))!.Canceled.ShouldBeFalse();
        var stored = await Domain<AccountSettingsService>().GetAsync(_account, Ct);
        (stored.Values["attachments"], stored.Values["attachments.max_kb"]).ShouldBe(("index", (object?)2048d));
    }

    [Fact]
    public async Task ALongDiscoveredList_ShowsFiftyOptionsWithAFindBox_ThatNarrowsThem()
    {
        Bed.Calls.Folders = [.. Enumerable.Range(1, 120).Select(n => $"Folder {n:000}")];
        var host = await OpenAsync();

        host.WaitForAssertion(() => Options(host, "folders.include").Count.ShouldBe(50));
        Within(host, "folders.include", "[data-testid='discovery-shown']").Single().TextContent.ShouldStartWith("Showing 50 of 120; type to narrow");
        await host.TypeImmediateAsync("discovery-find-folders.include", "folder 11");

        host.WaitForAssertion(() => Options(host, "folders.include").ShouldBe([.. Enumerable.Range(110, 10).Select(n => $"Folder {n}")]));
        Within(host, "folders.include", "[data-testid='discovery-shown']").Single().TextContent.ShouldStartWith("10 of 120 match");
        Options(host, "folders.exclude").Count.ShouldBe(50, "each list has its own find box");
    }

    private async Task<IRenderedComponent<IComponent>> OpenAsync()
    {
        var host = RenderWithProviders();
        var dialogs = Services.GetRequiredService<IDialogService>();
        _dialog = await host.InvokeAsync(() => dialogs.ShowAsync<SettingsDialog>(null,
            new DialogParameters<SettingsDialog> { { d => d.AccountId, _account }, { d => d.Label, "Support" } }));
        host.WaitForElement("[data-testid='settings-form']");
        return host;
    }

    private static IReadOnlyList<IElement> Within(IRenderedComponent<IComponent> host, string field, string selector) =>
        host.Find($"[data-testid='list-{field}']").QuerySelectorAll(selector).ToList();

    private static IReadOnlyList<string?> Chips(IRenderedComponent<IComponent> host, string field) =>
        [.. Within(host, field, "[data-testid='list-value']").Select(c => c.GetAttribute("data-value"))];

    private static IReadOnlyList<string?> Options(IRenderedComponent<IComponent> host, string field) =>
        [.. Within(host, field, "[data-testid='discovered-option']").Select(c => c.GetAttribute("data-value"))];

    private static IElement ChipIn(IRenderedComponent<IComponent> host, string field, string value) =>
        Within(host, field, "[data-testid='list-value']").Single(c => c.GetAttribute("data-value") == value);

    private static IElement OptionIn(IRenderedComponent<IComponent> host, string field, string value) =>
        Within(host, field, "[data-testid='discovered-option']").Single(c => c.GetAttribute("data-value") == value);
}
