using Bunit;
using Connectors.Domain.Accounts;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Components.Shared;
using Connectors.Tests.Infrastructure;
using Connectors.Web.Components.Accounts;
using Connectors.Web.Components.Pages.AccountDetail;
using Connectors.Web.Components.Pages.ConnectorList;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Tests.Components.Pages.ConnectorList;

/// <summary>A connector's card fed by the real read summary of a test database.</summary>
public sealed class ConnectorCardTests : ComponentTestContext
{
    private const string MailKey = TestMailConnector.ConnectorKey;

    [Fact]
    public async Task Render_AccountInEachStatus_RowCarriesStatusValueAndChipText()
    {
        await Bed.CreateMailAccountAsync(Bed.Acme, "Alpha");
        await Bed.CreateMailAccountAsync(Bed.Acme, "Bravo", password: TestMailConnector.WrongPassword);
        await Domain<AccountLifecycle>().PauseAsync((await Bed.CreateMailAccountAsync(Bed.Acme, "Charlie")).AccountId, Ct);
        await SetStatusAsync((await Bed.CreateMailAccountAsync(Bed.Acme, "Delta")).AccountId, InstallationStatus.NeedsReconnect);
        await SetStatusAsync((await Bed.CreateMailAccountAsync(Bed.Acme, "Echo")).AccountId, InstallationStatus.Error, "Mailbox unreachable: connection reset.");

        var card = await RenderCardAsync(MailKey);

        var rows = card.FindAll("[data-testid='account-row']")
            .Select(r => (r.GetAttribute("data-label"), r.GetAttribute("data-status"), r.QuerySelector("[data-testid='status-chip']")!.TextContent.Trim()));
        rows.ShouldBe([
            ("Alpha", "active", "Active"),
            ("Bravo", "pending", "Pending"),
            ("Charlie", "paused", "Paused"),
            ("Delta", "needs-reconnect", "Needs reconnect"),
            ("Echo", "error", "Error"),
        ]);
        Row(card, "Echo").TextContent.ShouldContain("Mailbox unreachable: connection reset.");
        Row(card, "Bravo").TextContent.ShouldContain(TestMailConnector.RefusalReason);
        card.ByTestId($"add-account-{MailKey}").TextContent.Trim().ShouldBe("Add account");
        card.Has("empty-state").ShouldBeFalse();
    }

    [Fact]
    public async Task Render_UnboundAccount_ProjectShownAsTenantDefaultWithItsKey()
    {
        await Bed.CreateMailAccountAsync(Bed.Acme, "Support");
        await Bed.CreateMailAccountAsync(Bed.Acme, "Hr", projectKey: "acme-hr");

        var card = await RenderCardAsync(MailKey);

        Row(card, "Support").TextContent.ShouldContain("tenant default (default)");
        Row(card, "Hr").TextContent.ShouldContain("acme-hr");
        Row(card, "Hr").TextContent.ShouldNotContain("tenant default");
    }

    [Fact]
    public async Task Render_NoAccounts_EmptyStateAndConnectButton()
    {
        var card = await RenderCardAsync(MailKey);

        card.ByTestId("empty-state").TextContent.ShouldBe("No account connected yet.");
        card.FindAll("[data-testid='account-row']").ShouldBeEmpty();
        var connect = card.ByTestId($"add-account-{MailKey}");
        connect.TextContent.Trim().ShouldBe("Connect");
        connect.HasAttribute("disabled").ShouldBeFalse();
    }

    [Fact]
    public async Task ConnectClick_CredentialConnector_OpensItsSchemaDialog()
    {
        var card = await RenderCardAsync(SchemaTestConnector.ConnectorKey);

        // Not awaited: the handler awaits the dialog's result.
        _ = card.ByTestId($"add-account-{SchemaTestConnector.ConnectorKey}").ClickAsync(new MouseEventArgs());

        card.WaitForAssertion(() => card.Find(".mud-dialog").TextContent.ShouldContain("Connect Test schema"));
        card.Has("field-host").ShouldBeTrue();
        card.Has("connect-submit").ShouldBeTrue();
    }

    [Fact]
    public async Task Render_NotConfigured_HintNamesTheMissingSettingAndConnectDisabled()
    {
        Bed.Calls.DriveMissingConfiguration = "Connectors:OAuth:drive:ClientId";

        var card = await RenderCardAsync(TestDriveConnector.ConnectorKey);

        var hint = card.Find(".mud-alert");
        hint.TextContent.ShouldContain("Not available on this deployment yet: ask your platform administrator");
        hint.QuerySelector("details summary")!.TextContent.ShouldBe("For operators");
        hint.QuerySelector("code")!.TextContent.ShouldBe("Connectors:OAuth:drive:ClientId");
        card.ByTestId($"add-account-{TestDriveConnector.ConnectorKey}").HasAttribute("disabled").ShouldBeTrue();
    }

    [Fact]
    public async Task Render_Configured_NoHint()
    {
        var card = await RenderCardAsync(TestDriveConnector.ConnectorKey);

        card.FindAll(".mud-alert").ShouldBeEmpty();
        card.Markup.ShouldNotContain("Not configured");
    }

    [Fact]
    public async Task Render_AdminWithoutManageRight_NoAddButtonNorAccountMenu()
    {
        await Bed.CreateMailAccountAsync(Bed.Acme, "Support");
        ActAs(TenantRole.Admin);

        var card = await RenderCardAsync(MailKey);

        Row(card, "Support").GetAttribute("data-status").ShouldBe("active");
        card.Has($"add-account-{MailKey}").ShouldBeFalse();
        card.Has("account-menu").ShouldBeFalse();
    }

    [Fact]
    public async Task Render_SuperAdminWithManageRight_AddButtonAndAccountMenuPresent()
    {
        await Bed.CreateMailAccountAsync(Bed.Acme, "Support");
        ActAs(TenantRole.SuperAdmin);

        var card = await RenderCardAsync(MailKey);

        card.Has($"add-account-{MailKey}").ShouldBeTrue();
        card.FindAll("[data-testid='account-menu']").Count.ShouldBe(1);
        Row(card, "Support").QuerySelector("[data-testid='account-menu']").ShouldNotBeNull();
    }

    [Fact]
    public async Task RowMenu_IsOnePlainButtonUntilOpened_ThenAMudMenuOpenWithTheActions()
    {
        await Bed.CreateMailAccountAsync(Bed.Acme, "Support");
        await Bed.CreateMailAccountAsync(Bed.Acme, "Sales");
        ActAs(TenantRole.SuperAdmin);
        var card = await RenderCardAsync(MailKey);

        // Closed, a row's menu is its button alone: no MudMenu, no popover, no items in the render.
        card.FindAll("button[data-testid='account-menu'][aria-label='Actions for Support']").Count.ShouldBe(1);
        card.FindAll(".mud-menu").ShouldBeEmpty();
        card.FindAll("[data-testid^='action-']").ShouldBeEmpty();

        var actions = await OpenMenuAsync(card, "Support");

        actions.ShouldContain("action-sync");
        Row(card, "Support").QuerySelector(".mud-menu").ShouldNotBeNull();
        Row(card, "Sales").QuerySelector(".mud-menu").ShouldBeNull();
    }

    [Fact]
    public async Task Menu_ActiveAccountOfAConnectorWithSettings_OffersSettingsAndPreviewAfterTest()
    {
        await Bed.CreateMailAccountAsync(Bed.Acme, "Support");
        var card = await RenderCardAsync(MailKey);

        var actions = await OpenMenuAsync(card, "Support");

        actions.ShouldBe(["action-sync", "action-full-resync", "action-test", "action-settings", "action-preview", "action-edit", "action-pause", "action-delete"]);
    }

    [Fact]
    public async Task Row_WithARunningSync_ShowsItsProgressAndSyncingInsteadOfSyncNow()
    {
        var account = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support")).AccountId;
        var run = new SyncLiveUpdate(Bed.Acme, account, Guid.NewGuid(), SyncRunStatus.Running, 40, 160, 38, 2, DateTime.UtcNow);
        var card = await RenderCardAsync(MailKey, id => id == account ? run : null);

        var progress = Row(card, "Support").QuerySelector("[data-testid='sync-progress']").ShouldNotBeNull();
        progress.TextContent.ShouldContain("Syncing… 40 of 160 items · 38 added, 2 updated");
        progress.QuerySelector("[role='progressbar']")!.GetAttribute("aria-valuenow").ShouldBe("25");
        await OpenMenuAsync(card, "Support");
        var sync = card.Find(".mud-popover-open [data-testid='action-sync']");
        sync.TextContent.ShouldContain("Syncing…");
        sync.ClassList.ShouldContain("mud-disabled");
    }

    [Fact]
    public async Task Row_WithAQueuedSync_SaysQueued()
    {
        var account = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support")).AccountId;
        var run = new SyncLiveUpdate(Bed.Acme, account, Guid.NewGuid(), SyncRunStatus.Queued, null, null, 0, 0, DateTime.UtcNow);
        var card = await RenderCardAsync(MailKey, id => id == account ? run : null);

        Row(card, "Support").QuerySelector("[data-testid='sync-progress-text']")!.TextContent.ShouldBe("Queued…");
    }

    [Fact]
    public async Task Menu_PausedAccount_OffersNoSettings()
    {
        await Domain<AccountLifecycle>().PauseAsync((await Bed.CreateMailAccountAsync(Bed.Acme, "Support")).AccountId, Ct);
        var card = await RenderCardAsync(MailKey);

        var actions = await OpenMenuAsync(card, "Support");

        actions.ShouldBe(["action-edit", "action-resume", "action-delete"]);
    }

    [Fact]
    public async Task Menu_OAuthAccountWhoseGrantWasRevoked_OffersReconnect()
    {
        var begin = await Domain<OAuthGrants>().BeginAsync(TestDriveConnector.ConnectorKey, "Drive", null, Ct);
        await SetStatusAsync(begin.AccountId, InstallationStatus.NeedsReconnect, "The provider refused the grant (invalid_grant); reconnect the account.");
        var card = await RenderCardAsync(TestDriveConnector.ConnectorKey);

        var actions = await OpenMenuAsync(card, "Drive");

        Row(card, "Drive").GetAttribute("data-status").ShouldBe("needs-reconnect");
        actions.ShouldBe(["action-reconnect", "action-edit", "action-delete"]);
        card.Find(".mud-popover-open [data-testid='action-reconnect']").TextContent.ShouldContain("Reconnect");
    }

    private static async Task<IReadOnlyList<string?>> OpenMenuAsync(IRenderedComponent<IComponent> card, string label)
    {
        var menu = Row(card, label).QuerySelector("[data-testid='account-menu']")!;
        await (menu.TagName == "BUTTON" ? menu : menu.QuerySelector("button")!).ClickAsync(new MouseEventArgs());
        return card.WaitForElements(".mud-popover-open [data-testid^='action-']").Select(e => e.GetAttribute("data-testid")).ToList();
    }

    private async Task<IRenderedComponent<IComponent>> RenderCardAsync(string connectorKey, Func<Guid, SyncLiveUpdate?>? live = null)
    {
        var connector = await SummaryAsync(connectorKey);
        return RenderWithProviders(builder =>
        {
            builder.OpenComponent<ConnectorCard>(0);
            builder.AddAttribute(1, nameof(ConnectorCard.Connector), connector);
            builder.AddAttribute(2, nameof(ConnectorCard.Live), live);
            builder.CloseComponent();
        });
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<IComponent> card, string label) =>
        card.Find($"[data-testid='account-row'][data-label='{label}']");

    /// <summary>Only a failing sync run moves an account to NeedsReconnect or Error; the card tests
    /// start from the stored state instead.</summary>
    private async Task SetStatusAsync(Guid accountId, InstallationStatus status, string? error = null)
    {
        await using var db = await Domain<IDbContextFactory<ConnectorsDbContext>>().CreateDbContextAsync(Ct);
        var account = await db.Installations.SingleAsync(i => i.Id == accountId, Ct);
        account.Status = status;
        account.ErrorJson = error is null ? null : new AccountError(error, "transient", Bed.Clock.GetUtcNow().UtcDateTime).ToJson();
        await db.SaveChangesAsync(Ct);
    }
}
