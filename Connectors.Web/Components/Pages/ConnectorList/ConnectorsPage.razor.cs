using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Connectors.Web.Components.Accounts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Pages.ConnectorList;

/// <summary>The connectors page: every connector with the tenant's accounts, live while runs progress.</summary>
public sealed partial class ConnectorsPage : IAsyncDisposable
{

    private IReadOnlyList<ConnectorSummary>? _connectors;
    private LiveSyncFeed? _feed;

    [Inject]
    private AccountQueries Accounts { get; set; } = default!;

    [Inject]
    private SyncProgressHub Hub { get; set; } = default!;

    [Inject]
    private SyncHistory History { get; set; } = default!;

    [Inject]
    private TenantContext Tenant { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>Set by the OAuth callback's redirect: the account whose connection just finished. The message
    /// comes from the account as stored, never from the URL.</summary>
    [SupplyParameterFromQuery(Name = "connected")]
    private Guid? Connected { get; set; }

    private bool _reported;

    /// <summary>Reports the OAuth connection the callback redirected here for, from the account as stored.</summary>
    private async Task ReportConnectedAsync()
    {
        if (Connected is not { } id || !RendererInfo.IsInteractive || _connectors is null)
        {
            return;
        }

        AccountSummary? account;
        try
        {
            account = await Accounts.GetAccountAsync(id, CancellationToken.None);
        }
        catch (Connectors.Domain.Errors.NotFoundException)
        {
            account = null;
        }

        var connector = account is null ? null : _connectors.FirstOrDefault(c => c.Key == account.ConnectorKey);
        if (account is { Status: InstallationStatus.Active })
        {
            Snackbar.Add($"“{account.Label}” is connected to {connector!.DisplayName}. Its first sync has started.", Severity.Success);
        }
        else if (account is not null)
        {
            Snackbar.Add($"Connecting “{account.Label}” failed: {account.Error?.Message ?? "the provider did not grant access."}", Severity.Error);
        }

        // A reload must not repeat the message.
        Navigation.NavigateTo("/admin/connectors", replace: true);
    }

    protected override async Task OnInitializedAsync()
    {
        if (Tenant.TenantId is { } tenantId)
        {
            _feed = new LiveSyncFeed(Hub, History, tenantId, InvokeAsync, () => { StateHasChanged(); return Task.CompletedTask; }, ReloadAsync);
        }

        await LoadAsync();
    }

    /// <summary>Navigating away (to drop the query) is only safe once the page has rendered.</summary>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_reported && _connectors is not null && RendererInfo.IsInteractive)
        {
            _reported = true;
            await ReportConnectedAsync();
        }
    }

    /// <summary>The feed first, then the figures: a run that ends in between is then stale only in the
    /// feed, which its end event or its poll corrects (the other order could show it running for good).</summary>
    private async Task LoadAsync()
    {
        if (_feed is not null)
        {
            await _feed.RefreshAsync(CancellationToken.None);
        }

        // Bounded cards: the first rows of each connector, whatever the tenant's size (the table shows the rest).
        _connectors = await Accounts.GetCardsAsync(ConnectorCard.MaxRows, CancellationToken.None);
    }

    /// <summary>A run ended: its outcome, last and next sync change.</summary>
    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    public async ValueTask DisposeAsync()
    {
        if (_feed is not null)
        {
            await _feed.DisposeAsync();
        }
    }
}
