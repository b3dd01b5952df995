using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Pages.ConnectorAdmin;

/// <summary>One account: header with its actions, details, its non-secret configuration, its error
/// and its sync history (chart and table). An unknown id, or another tenant's, shows a friendly not-found state.</summary>
public sealed partial class AccountPage
{
    private AccountSummary? _account;
    private ConnectorSummary? _connector;
    private SyncHistoryTable? _history;
    private SyncHistoryChart? _chart;
    private bool _notFound;

    [Inject]
    private ConnectorInstallationService Installations { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Parameter]
    public Guid Id { get; set; }

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
            _account = await Installations.GetAccountAsync(Id, CancellationToken.None);
            var connectors = await Installations.GetSummaryAsync(CancellationToken.None);
            _connector = connectors.FirstOrDefault(c => c.Key == _account.ConnectorKey);
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
