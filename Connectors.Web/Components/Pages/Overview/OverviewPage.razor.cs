using Connectors.Domain.Accounts;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Connectors.Web.Components.Accounts;
using Connectors.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Pages.Overview;

/// <summary>
/// The admin home: the tenant's accounts by status (each count opens the accounts table filtered to it) and what
/// needs attention, worst first — each item saying why in full and offering the one action that fixes it.
/// </summary>
public sealed partial class OverviewPage
{
    public const string Path = "/admin";

    private TenantHealthReport? _report;
    private Guid? _busy;

    [Inject]
    private TenantHealth Health { get; set; } = default!;

    [Inject]
    private AccountLifecycle Lifecycle { get; set; } = default!;

    [Inject]
    private AccountQueries Queries { get; set; } = default!;

    [Inject]
    private OAuthGrants Grants { get; set; } = default!;

    [Inject]
    private ProjectRegistry Projects { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private AttentionBadge Badge { get; set; } = default!;

    protected override async Task OnInitializedAsync() => _report = await Health.ReportAsync(CancellationToken.None);

    private async Task ReloadAsync()
    {
        _report = await Health.ReportAsync(CancellationToken.None);
        Badge.Changed(_report.AttentionCount);
    }

    private sealed record Tile(string Key, string Text, int Count, string Href, bool Alarming);

    private static IEnumerable<Tile> Tiles(TenantHealthReport report)
    {
        Tile Status(InstallationStatus status, string text, bool alarming) =>
            new(AccountTableQuery.StatusName(status), text, report.ByStatus[status], $"/admin/accounts?status={AccountTableQuery.StatusName(status)}", alarming);
        yield return Status(InstallationStatus.Active, "Active", false);
        yield return new Tile("stale", "Stale", report.Stale, "/admin/accounts?stale=true", true);
        yield return Status(InstallationStatus.Error, "Error", true);
        yield return Status(InstallationStatus.NeedsReconnect, "Needs reconnect", true);
        yield return Status(InstallationStatus.Pending, "Pending", true);
        yield return Status(InstallationStatus.Paused, "Paused", false);
    }

    private static string ReasonValue(AttentionReason reason) => reason switch
    {
        AttentionReason.NeedsReconnect => "needs-reconnect",
        _ => reason.ToString().ToLowerInvariant(),
    };

    private static string ReasonText(AttentionReason reason) => reason switch
    {
        AttentionReason.Error => "Stopped",
        AttentionReason.NeedsReconnect => "Needs reconnect",
        AttentionReason.Failing => "Failing",
        AttentionReason.Stale => "Stale",
        AttentionReason.Held => "Removals held",
        _ => "Not finished",
    };

    private static Color ReasonColor(AttentionReason reason) => reason switch
    {
        AttentionReason.Error or AttentionReason.NeedsReconnect => Color.Error,
        AttentionReason.Pending => Color.Default,
        _ => Color.Warning,
    };

    private string FixText(AttentionItem item) => item.Fix switch
    {
        AttentionFix.Resume => "Resume",
        AttentionFix.RetrySync => "Retry sync",
        AttentionFix.Review => "Review",
        _ => Queries.DescribeConnector(item.Row.Account.ConnectorKey) is { } connector
            ? ReconnectFlow.ActionText(item.Row.Account, connector) : "Reconnect",
    };

    private async Task FixAsync(AttentionItem item)
    {
        var account = item.Row.Account;
        _busy = account.Id;
        try
        {
            switch (item.Fix)
            {
                case AttentionFix.Resume:
                    await Lifecycle.ResumeAsync(account.Id, CancellationToken.None);
                    Snackbar.Add($"“{account.Label}” resumed: it syncs now.", Severity.Success);
                    break;
                case AttentionFix.RetrySync:
                    await Lifecycle.SyncNowAsync(account.Id, CancellationToken.None);
                    Snackbar.Add($"Sync of “{account.Label}” queued.", Severity.Success);
                    break;
                case AttentionFix.Review:
                    Navigation.NavigateTo($"/admin/connectors/accounts/{account.Id}");
                    return;
                default:
                    if (Queries.DescribeConnector(account.ConnectorKey) is { } connector
                        && await ReconnectFlow.RunAsync(account, connector, Dialogs, Projects, Grants, Navigation))
                    {
                        Snackbar.Add($"“{account.Label}” reconnected.", Severity.Success);
                    }

                    break;
            }

            await ReloadAsync();
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
