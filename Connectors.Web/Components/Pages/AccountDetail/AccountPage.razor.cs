using Connectors.Domain.Accounts;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Connectors.Web.Components.Accounts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Pages.AccountDetail;

/// <summary>One account: header with its actions, details, its non-secret configuration, its error
/// and its sync history (chart and table). An unknown id, or another tenant's, shows a friendly not-found state.</summary>
public sealed partial class AccountPage : IAsyncDisposable
{
    private LiveSyncFeed? _feed;

    private AccountSummary? _account;
    private ConnectorSummary? _connector;
    private SyncHistoryTable? _history;
    private SyncHistoryChart? _chart;
    private bool _notFound;

    [Inject]
    private AccountQueries Accounts { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private SyncProgressHub Hub { get; set; } = default!;

    [Inject]
    private SyncHistory History { get; set; } = default!;

    [Inject]
    private TenantContext Tenant { get; set; } = default!;

    [Inject]
    private AccountLifecycle Lifecycle { get; set; } = default!;

    [Inject]
    private OAuthGrants Grants { get; set; } = default!;

    [Inject]
    private Connectors.Domain.Projects.ProjectRegistry Projects { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private bool _fixing;

    /// <summary>The action the error or not-connected banner offers: the one that fixes the account.</summary>
    private string? BannerFix => _account is null || _connector is null ? null : _account.Status switch
    {
        InstallationStatus.Error => "Resume",
        InstallationStatus.NeedsReconnect or InstallationStatus.Pending => ReconnectFlow.ActionText(_account, _connector),
        _ => null,
    };

    private async Task FixAsync()
    {
        if (_account is not { } account || _connector is not { } connector)
        {
            return;
        }

        _fixing = true;
        try
        {
            if (account.Status == InstallationStatus.Error)
            {
                await Lifecycle.ResumeAsync(account.Id, CancellationToken.None);
                Snackbar.Add($"“{account.Label}” resumed: it syncs now.", Severity.Success);
            }
            else if (await ReconnectFlow.RunAsync(account, connector, Dialogs, Projects, Grants, Navigation))
            {
                Snackbar.Add($"“{account.Label}” reconnected.", Severity.Success);
            }

            await ReloadAsync();
        }
        catch (Exception e) when (e is ValidationFailedException or NotFoundException or AccessDeniedException)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        finally
        {
            _fixing = false;
        }
    }

    [Parameter]
    public Guid Id { get; set; }

    /// <summary>The account's queued or running sync, live.</summary>
    private SyncLiveUpdate? LiveRun => _account is null ? null : _feed?.For(_account.Id);

    protected override void OnInitialized()
    {
        if (Tenant.TenantId is { } tenantId)
        {
            _feed = new LiveSyncFeed(Hub, History, tenantId, InvokeAsync,
                () => { StateHasChanged(); return Task.CompletedTask; },
                async () => { await ReloadAsync(); StateHasChanged(); });
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_feed is not null)
        {
            await _feed.DisposeAsync();
        }
    }

    private IReadOnlyList<BreadcrumbItem> Breadcrumbs =>
    [
        new("Connectors", "/admin/connectors", icon: Icons.Material.Filled.Hub),
        new(_account?.Label ?? (_notFound ? "Not found" : "…"), null, disabled: true),
    ];

    private string ErrorTitle => _account?.Status switch
    {
        InstallationStatus.Pending => "Not connected yet:",
        InstallationStatus.NeedsReconnect => "Needs reconnecting:",
        _ => "Last error:",
    };

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            // The feed before the figures (see ConnectorsPage.LoadAsync).
            if (_feed is not null)
            {
                await _feed.RefreshAsync(CancellationToken.None);
            }

            _account = await Accounts.GetAccountAsync(Id, CancellationToken.None);
            // The connector alone (forms, auth kind), not the tenant's whole summary.
            _connector = Accounts.DescribeConnector(_account.ConnectorKey);
            _notFound = _connector is null;
        }
        catch (NotFoundException)
        {
            _account = null;
            _notFound = true;
        }
    }

    /// <summary>After an action: a deleted account sends the user back to the list.</summary>
    private async Task ReloadAsync()
    {
        await LoadAsync();
        if (_notFound)
        {
            Navigation.NavigateTo("/admin/connectors");
            return;
        }

        if (_history is not null)
        {
            await _history.ReloadAsync();
        }

        if (_chart is not null)
        {
            await _chart.ReloadAsync();
        }
    }
}
