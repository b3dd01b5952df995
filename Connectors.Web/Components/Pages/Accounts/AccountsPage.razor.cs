using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Connectors.Web.Auth;
using Connectors.Web.Components.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Connectors.Web.Components.Pages.Accounts;

/// <summary>
/// The accounts table across connectors. The view (search, filters, order, page) lives in the URL: every change
/// navigates to the new address, and the page reads its view from the address — so back, forward, reload, a
/// bookmark and a shared link all show the same accounts. Search, filters and paging run on the server
/// (<see cref="AccountTable"/>).
/// </summary>
public sealed partial class AccountsPage : IDisposable
{
    public const string Path = "/admin/accounts";

    private AccountTableQuery _query = new();
    private AccountTablePage? _page;
    private IReadOnlyList<ProjectSummary> _projects = [];
    private string? _problem;
    private CancellationTokenSource? _loading;
    private readonly HashSet<Guid> _selected = [];
    private bool _allMatching;
    private bool _canManage;
    private AccountTableQuery? _selectionView;

    [Inject]
    private AccountTable Table { get; set; } = default!;

    [Inject]
    private ConnectorRegistry Registry { get; set; } = default!;

    [Inject]
    private ProjectRegistry ProjectRegistry { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "q")]
    public string? Q { get; set; }

    [SupplyParameterFromQuery(Name = "status")]
    public string[]? Status { get; set; }

    [SupplyParameterFromQuery(Name = "connector")]
    public string? Connector { get; set; }

    [SupplyParameterFromQuery(Name = "project")]
    public string? Project { get; set; }

    [SupplyParameterFromQuery(Name = "stale")]
    public string? Stale { get; set; }

    [SupplyParameterFromQuery(Name = "sort")]
    public string? Sort { get; set; }

    [SupplyParameterFromQuery(Name = "page")]
    public string? PageNumber { get; set; }

    [SupplyParameterFromQuery(Name = "pageSize")]
    public string? PageSize { get; set; }

    private static readonly (string Value, string Text)[] SortOptions =
    [
        ("label", "Label, A to Z"),
        ("-label", "Label, Z to A"),
        ("status", "Status, worst first"),
        ("-last-sync", "Last sync, newest first"),
        ("last-sync", "Last sync, oldest first"),
        ("next-sync", "Next sync, soonest first"),
        ("last-outcome", "Last outcome, worst first"),
    ];

    private string SortValue => AccountTableQuery.SortName(_query.Sort, _query.Descending);

    protected override async Task OnInitializedAsync()
    {
        _projects = await ProjectRegistry.ListAsync(CancellationToken.None);
        _canManage = (await Authorization.AuthorizeAsync((await AuthenticationState).User, Policies.ManageConnectors)).Succeeded;
    }

    protected override Task OnParametersSetAsync()
    {
        var values = new Dictionary<string, IReadOnlyList<string>>
        {
            ["q"] = One(Q), ["status"] = Status ?? [], ["connector"] = One(Connector), ["project"] = One(Project),
            ["stale"] = One(Stale), ["sort"] = One(Sort), ["page"] = One(PageNumber), ["pageSize"] = One(PageSize),
        };
        try
        {
            _query = AccountTableQuery.Parse(name => values.GetValueOrDefault(name) ?? []);
            _problem = null;
        }
        catch (ValidationFailedException e)
        {
            _query = new AccountTableQuery();
            _problem = $"This address asks for a view the table cannot show: {e.Message}";
        }

        // A selection belongs to its view: other filters or another order start a new one (paging keeps it).
        if (_selectionView is { } view && UrlOf(view with { Page = 1 }) != UrlOf(_query with { Page = 1 }))
        {
            ClearSelection();
        }

        _selectionView = _query;
        return LoadAsync();
    }

    private bool AllOnPageSelected => _page is { Rows.Count: > 0 } page && (_allMatching || page.Rows.All(r => _selected.Contains(r.Account.Id)));

    private void Toggle(Guid id, ChangeEventArgs e)
    {
        if (e.Value is true)
        {
            _selected.Add(id);
        }
        else
        {
            _selected.Remove(id);
        }
    }

    private void SelectPage(ChangeEventArgs e)
    {
        if (_page is null)
        {
            return;
        }

        _allMatching = false;
        foreach (var row in _page.Rows)
        {
            if (e.Value is true)
            {
                _selected.Add(row.Account.Id);
            }
            else
            {
                _selected.Remove(row.Account.Id);
            }
        }
    }

    private void SelectAllMatching() => _allMatching = true;

    private void ClearSelection()
    {
        _selected.Clear();
        _allMatching = false;
    }

    private async Task BulkAsync(BulkAction action)
    {
        var target = _allMatching
            ? new BulkRequest { Filter = _query with { Page = 1 } }
            : new BulkRequest { AccountIds = [.. _selected] };
        var count = _allMatching ? _page?.Total ?? 0 : _selected.Count;
        var dialog = await Dialogs.ShowAsync<BulkDialog>(null,
            new DialogParameters<BulkDialog>
            {
                { d => d.Action, action }, { d => d.Target, target }, { d => d.Count, count }, { d => d.Projects, _projects },
            },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: BulkResult result })
        {
            var failed = result.Count(BulkOutcome.Failed);
            Snackbar.Add(failed == 0
                    ? $"{result.Count(BulkOutcome.Applied)} changed, {result.Count(BulkOutcome.Skipped)} skipped."
                    : $"{failed} failed, {result.Count(BulkOutcome.Applied)} changed, {result.Count(BulkOutcome.Skipped)} skipped.",
                failed == 0 ? Severity.Success : Severity.Warning);
            ClearSelection();
            await LoadAsync();
        }
    }

    private static IReadOnlyList<string> One(string? value) => value is null ? [] : [value];

    private void SearchChanged(string? text) => Go(_query with { Q = string.IsNullOrWhiteSpace(text) ? null : text.Trim(), Page = 1 });

    private void StatusesChanged(IEnumerable<InstallationStatus>? statuses) => Go(_query with { Statuses = [.. statuses ?? []], Page = 1 });

    private void ConnectorChanged(string? key) => Go(_query with { Connector = key, Page = 1 });

    private void ProjectChanged(string? key) => Go(_query with { Project = key, Page = 1 });

    private void StaleChanged(bool staleOnly) => Go(_query with { StaleOnly = staleOnly, Page = 1 });

    private void SortChanged(string value)
    {
        var sort = AccountTableQuery.Parse(name => name == "sort" ? [value] : []);
        Go(_query with { Sort = sort.Sort, Descending = sort.Descending, Page = 1 });
    }

    private void PageChanged(int pageIndex) => Go(_query with { Page = pageIndex + 1 });

    private void ClearAsync() => Go(new AccountTableQuery { Sort = _query.Sort, Descending = _query.Descending });

    /// <summary>The address of a view of the table (what a bookmark keeps).</summary>
    public static string UrlOf(AccountTableQuery query)
    {
        var parameters = query.ToParameters();
        return parameters.Count == 0
            ? Path
            : Path + "?" + string.Join("&", parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
    }

    private void Go(AccountTableQuery query) => Navigation.NavigateTo(UrlOf(query));

    /// <summary>Loads the page of the current view; a newer view cancels an older load still running.</summary>
    private async Task LoadAsync()
    {
        _loading?.Cancel();
        var loading = _loading = new CancellationTokenSource();
        try
        {
            var page = await Table.SearchAsync(_query, loading.Token);
            if (!loading.IsCancellationRequested)
            {
                _page = page;
            }
        }
        catch (OperationCanceledException) when (loading.IsCancellationRequested)
        {
            // Superseded by a newer view.
        }
    }

    private static string StatusText(InstallationStatus status) => status == InstallationStatus.NeedsReconnect ? "Needs reconnect" : status.ToString();

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60].TrimEnd() + "…";

    public void Dispose()
    {
        _loading?.Cancel();
        _loading?.Dispose();
    }
}
