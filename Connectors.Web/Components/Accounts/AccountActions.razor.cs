using Connectors.Domain.Accounts;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Accounts;

/// <summary>
/// An account's actions, following its status: Pending → Reconnect (credential) or Continue
/// (OAuth) and Cancel; Active → Sync now, Test, Settings (when the connector has a settings form), Edit, Pause, Delete; Error → Reconnect, Retry sync, Test,
/// Edit, Resume, Delete; NeedsReconnect → Reconnect, Edit, Delete; Paused → Resume, Edit, Delete.
/// Shared by the connectors list and the account page.
/// </summary>
public sealed partial class AccountActions
{
    private string? _busy;
    private MudMenu? _menu;
    private RowMenu? _rowMenu;

    [Inject]
    private AccountLifecycle Lifecycle { get; set; } = default!;

    [Inject]
    private OAuthGrants Grants { get; set; } = default!;

    [Inject]
    private Connectors.Domain.Documents.DocumentLibrary Documents { get; set; } = default!;

    [Inject]
    private ProjectRegistry ProjectRegistry { get; set; } = default!;

    [Inject]
    private AccountPreviews Previews { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Parameter, EditorRequired]
    public AccountSummary Account { get; set; } = default!;

    /// <summary>The account's connector: its auth kind and form decide how Reconnect works.</summary>
    [Parameter, EditorRequired]
    public ConnectorSummary Connector { get; set; } = default!;

    /// <summary>True while a run of the account is queued or running: Sync now shows "Syncing…".</summary>
    [Parameter]
    public bool Syncing { get; set; }

    /// <summary>True on the account page: the actions as buttons in view, not behind a menu.</summary>
    [Parameter]
    public bool AsButtons { get; set; }

    /// <summary>Raised after an action changed the account, so the page reloads the summary.</summary>
    [Parameter]
    public EventCallback OnChanged { get; set; }

    private bool CanReconnect =>
        Account.Status is InstallationStatus.Pending or InstallationStatus.NeedsReconnect or InstallationStatus.Error;

    private string ReconnectText => ReconnectFlow.ActionText(Account, Connector);

    private Task SyncAsync() => RunAsync("Queuing…", async ct =>
    {
        await Lifecycle.SyncNowAsync(Account.Id, ct);
        return $"Sync of “{Account.Label}” queued.";
    });

    private async Task FullResyncAsync()
    {
        // The menu must not stay open above the confirmation.
        await CloseMenuAsync();
        var confirmed = await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = $"Full re-sync of “{Account.Label}”?",
            Message = "Everything is fetched again from the start, ignoring where the last sync stopped. Documents that did not change stay as they are; this can take a while for a large source.",
            YesText = "Re-sync everything",
            CancelText = "Cancel",
        });
        if (confirmed != true)
        {
            return;
        }

        await RunAsync("Queuing…", async ct =>
        {
            await Lifecycle.FullResyncAsync(Account.Id, ct);
            return $"Full re-sync of “{Account.Label}” queued.";
        });
    }

    private Task TestAsync() => RunAsync("Testing…", async ct =>
    {
        var health = await Lifecycle.TestConnectionAsync(Account.Id, ct);
        return $"“{Account.Label}”: {health.Message}";
    });

    private Task PauseAsync() => RunAsync("Pausing…", async ct =>
    {
        await Lifecycle.PauseAsync(Account.Id, ct);
        return $"“{Account.Label}” paused.";
    });

    private Task ResumeAsync() => RunAsync("Resuming…", async ct =>
    {
        await Lifecycle.ResumeAsync(Account.Id, ct);
        return $"“{Account.Label}” resumed.";
    });

    private async Task EditAsync()
    {
        await CloseMenuAsync();
        var projects = await ProjectRegistry.ListAsync(CancellationToken.None);
        var dialog = await Dialogs.ShowAsync<EditAccountDialog>(null,
            new DialogParameters<EditAccountDialog> { { d => d.Account, Account }, { d => d.Projects, projects } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: AccountSummary updated })
        {
            Snackbar.Add($"“{updated.Label}” saved.", Severity.Success);
            await OnChanged.InvokeAsync();
        }
    }

    /// <summary>Active accounts of a connector that can show what it would ingest.</summary>
    private bool CanPreview => Account.Status == InstallationStatus.Active && Previews.Offers(Connector.Key);

    private async Task PreviewAsync()
    {
        await CloseMenuAsync();
        await Dialogs.ShowAsync<PreviewDialog>(null,
            new DialogParameters<PreviewDialog> { { d => d.AccountId, Account.Id }, { d => d.Label, Account.Label } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });
    }

    private async Task SettingsAsync()
    {
        await CloseMenuAsync();
        var dialog = await Dialogs.ShowAsync<SettingsDialog>(null,
            new DialogParameters<SettingsDialog> { { d => d.AccountId, Account.Id }, { d => d.Label, Account.Label } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"Settings of “{Account.Label}” saved.", Severity.Success);
            await OnChanged.InvokeAsync();
        }
    }

    private async Task ReconnectAsync()
    {
        await CloseMenuAsync();
        if (Connector.AuthKind == ConnectorAuthKind.OAuth)
        {
            await RunAsync("Redirecting…", async ct =>
            {
                await ReconnectFlow.RunAsync(Account, Connector, Dialogs, ProjectRegistry, Grants, Navigation);
                return $"Continuing “{Account.Label}” at {Connector.DisplayName}…";
            });
            return;
        }

        if (await ReconnectFlow.RunAsync(Account, Connector, Dialogs, ProjectRegistry, Grants, Navigation))
        {
            Snackbar.Add($"“{Account.Label}” reconnected.", Severity.Success);
        }

        // Reload even after Cancel: a refused attempt updates the account's error.
        await OnChanged.InvokeAsync();
    }

    private async Task DeleteAsync()
    {
        await CloseMenuAsync();
        var documents = await Documents.CountOfAccountAsync(Account.Id, CancellationToken.None);
        var dialog = await Dialogs.ShowAsync<DeleteAccountDialog>(null,
            new DialogParameters<DeleteAccountDialog> { { d => d.Label, Account.Label }, { d => d.DocumentCount, documents } },
            new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: bool deleteDocuments })
        {
            await RunAsync("Deleting…", async ct =>
            {
                await Lifecycle.DeleteAsync(Account.Id, deleteDocuments, ct);
                return $"“{Account.Label}” deleted.";
            });
        }
    }

    /// <summary>The menu closes itself only once a handler returns: close it before a dialog opens.</summary>
    private Task CloseMenuAsync() => _rowMenu?.CloseAsync() ?? _menu?.CloseMenuAsync() ?? Task.CompletedTask;

    /// <summary>Shows the in-flight state, reports the outcome in a snackbar and never lets an
    /// expected refusal escape as a circuit error.</summary>
    private async Task RunAsync(string busy, Func<CancellationToken, Task<string>> action)
    {
        _busy = busy;
        try
        {
            Snackbar.Add(await action(CancellationToken.None), Severity.Success);
            await OnChanged.InvokeAsync();
        }
        catch (Exception e) when (e is ValidationFailedException or NotFoundException or AccessDeniedException)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        finally
        {
            _busy = null;
        }
    }
}
