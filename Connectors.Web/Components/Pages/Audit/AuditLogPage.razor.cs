using Connectors.Domain.Auditing;
using Microsoft.AspNetCore.Components;

namespace Connectors.Web.Components.Pages.Audit;

/// <summary>The tenant's audit log, newest first, 25 per page, filtered on the server by action,
/// actor email, free text and a UTC date range (both days inclusive).</summary>
public sealed partial class AuditLogPage
{
    private const int PageSize = 25;

    private IReadOnlyList<string>? _actions;
    private Domain.Auditing.AuditPage? _page;
    private string _action = "";
    private string? _actor;
    private string? _text;
    private DateTime? _from;
    private DateTime? _to;
    private int _pageIndex;
    private CancellationTokenSource? _loading;

    [Inject]
    private AuditTrail Trail { get; set; } = default!;

    private bool IsFiltered => _action.Length > 0 || !string.IsNullOrWhiteSpace(_actor) || !string.IsNullOrWhiteSpace(_text) || _from is not null || _to is not null;

    protected override async Task OnInitializedAsync()
    {
        _actions = await Trail.ActionsAsync(CancellationToken.None);
        await LoadAsync();
    }

    private Task ActionChangedAsync(string? action) => FilterAsync(() => _action = action ?? "");

    private Task ActorChangedAsync(string? actor) => FilterAsync(() => _actor = actor);

    private Task TextChangedAsync(string? text) => FilterAsync(() => _text = text);

    private Task FromChangedAsync(DateTime? from) => FilterAsync(() => _from = from?.Date);

    private Task ToChangedAsync(DateTime? to) => FilterAsync(() => _to = to?.Date);

    private Task FilterAsync(Action change)
    {
        change();
        _pageIndex = 0;
        return LoadAsync();
    }

    private Task PageChangedAsync(int pageIndex)
    {
        _pageIndex = pageIndex;
        return LoadAsync();
    }

    /// <summary>The picked days are UTC days: from the start of "from" up to the end of "to".</summary>
    private AuditFilter Filter() => new(
        _action.Length > 0 ? _action : null, _actor, _text,
        _from is { } from ? DateTime.SpecifyKind(from, DateTimeKind.Utc) : null,
        _to is { } to ? DateTime.SpecifyKind(to, DateTimeKind.Utc).AddDays(1) : null);

    /// <summary>A newer request cancels an older one still running, so a slow answer never
    /// overwrites the latest filters' result.</summary>
    private async Task LoadAsync()
    {
        _loading?.Cancel();
        var loading = _loading = new CancellationTokenSource();
        try
        {
            var page = await Trail.SearchAsync(Filter(), _pageIndex, PageSize, loading.Token);
            if (!loading.IsCancellationRequested)
            {
                _page = page;
            }
        }
        catch (OperationCanceledException) when (loading.IsCancellationRequested)
        {
            // Superseded by a newer search.
        }
    }
}
