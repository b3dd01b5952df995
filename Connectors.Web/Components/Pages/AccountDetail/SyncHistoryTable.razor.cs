using System.Globalization;
using Connectors.Domain.Errors;
using Connectors.Domain.Sync;
using Microsoft.AspNetCore.Components;

namespace Connectors.Web.Components.Pages.AccountDetail;

/// <summary>An account's sync runs, newest first, paged on the server (<see cref="PageSize"/> a page).</summary>
public sealed partial class SyncHistoryTable
{
    public const int PageSize = 10;

    private SyncHistoryPage? _page;
    private int _pageIndex;

    [Inject]
    private SyncHistory History { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid AccountId { get; set; }

    protected override Task OnParametersSetAsync() => LoadAsync();

    /// <summary>Reloads the current page (after an action on the account).</summary>
    public async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private async Task GoToAsync(int page)
    {
        _pageIndex = page - 1;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _page = await History.ListAsync(AccountId, _pageIndex, PageSize, CancellationToken.None);
        }
        catch (NotFoundException)
        {
            // Deleted meanwhile: the page around this table shows the not-found state.
            _page = new SyncHistoryPage([], 0, 0, PageSize);
        }
    }

    private static string Full(DateTime? at) =>
        at?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "—";

    private static string Day(DateTime at) => at.ToString("MMM d, HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The time of day, with the date only when it differs from the queued day.</summary>
    private static string Clock(DateTime queued, DateTime? at) => at switch
    {
        null => "—",
        { } t when t.Date == queued.Date => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        { } t => Day(t),
    };

    private static string Duration(TimeSpan? duration) => duration switch
    {
        null => "—",
        { TotalSeconds: < 1 } d => $"{d.TotalMilliseconds:0} ms",
        { TotalMinutes: < 1 } d => $"{d.TotalSeconds:0.0} s",
        { TotalHours: < 1 } d => $"{(int)d.TotalMinutes} min {d.Seconds} s",
        { } d => $"{(int)d.TotalHours} h {d.Minutes} min",
    };
}
