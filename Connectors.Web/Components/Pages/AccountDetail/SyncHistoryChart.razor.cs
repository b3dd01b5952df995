using System.Globalization;
using Connectors.Domain.Errors;
using Connectors.Domain.Sync;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Pages.AccountDetail;

/// <summary>
/// Two bar charts of an account's latest <see cref="MaxRuns"/> finished runs, oldest on the left:
/// documents added and duration. Durations use one unit for the whole chart (ms, s, min or h, by the
/// longest run) so the bars compare. Only a few runs get an axis label, so 30 bars stay legible on a
/// phone; the table below has every detail.
/// </summary>
public sealed partial class SyncHistoryChart
{
    public const int MaxRuns = 30;
    private const string ChartHeight = "220px";
    private const int MaxAxisLabels = 3;

    private IReadOnlyList<SyncRunSummary>? _runs;
    private List<ChartSeries<double>> _added = [];
    private List<ChartSeries<double>> _durations = [];
    private string[] _labels = [];
    private BarChartOptions _addedOptions = new();
    private BarChartOptions _durationOptions = new();
    private DurationUnit _durationUnit = DurationUnit.Seconds;

    [Inject]
    private SyncHistory History { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid AccountId { get; set; }

    private string Caption => _runs switch
    {
        null => "Loading…",
        { Count: 0 } => "Documents added and duration, run by run",
        { Count: 1 } => "The last finished run · times in UTC",
        { Count: var n } => $"The last {n} finished runs, oldest → newest · times in UTC",
    };

    protected override Task OnParametersSetAsync() => LoadAsync();

    /// <summary>Reloads the runs (after an action on the account).</summary>
    public async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        try
        {
            _runs = await History.RecentFinishedAsync(AccountId, MaxRuns, CancellationToken.None);
        }
        catch (NotFoundException)
        {
            // Deleted meanwhile: the page around this chart shows the not-found state.
            _runs = [];
        }

        var durations = _runs.Select(r => r.Duration ?? TimeSpan.Zero).ToList();
        _durationUnit = DurationUnit.For(durations.DefaultIfEmpty().Max());
        _labels = Labels(_runs);
        _added = [new() { Name = "Documents added", Data = _runs.Select(r => (double)r.Added).ToArray() }];
        _durations = [new() { Name = "Duration", Data = durations.Select(_durationUnit.Of).ToArray() }];
        _addedOptions = Options(_added[0], "{{Y_VALUE}} added");
        _durationOptions = Options(_durations[0], $"{{{{Y_VALUE}}}} {_durationUnit.Name}");
    }

    /// <summary>At most <see cref="MaxAxisLabels"/> "MMM d HH:mm" labels, evenly spaced back from the
    /// newest run (which always has one), so they never overlap on a phone; the other bars get none.</summary>
    private static string[] Labels(IReadOnlyList<SyncRunSummary> runs)
    {
        var every = Math.Max(1, (int)Math.Ceiling(runs.Count / (double)MaxAxisLabels));
        return [.. runs.Select((r, i) => (runs.Count - 1 - i) % every == 0
            ? (r.StartedAt ?? r.QueuedAt).ToString("MMM d HH:mm", CultureInfo.InvariantCulture)
            : "")];
    }

    private static BarChartOptions Options(ChartSeries<double> series, string tooltip)
    {
        var step = NiceStep(series.Data.Values.DefaultIfEmpty().Max());
        return new BarChartOptions
        {
            ShowLegend = false,
            TooltipTitleFormat = tooltip,
            YAxisTicks = step,
            // All zeros (failed runs) would leave a bare axis: show at least one step.
            YAxisSuggestedMax = step,
            YAxisFormat = "0.#",
            BarWidthRatio = 0.8,
            ChartPalette = ["#6366f1"],
        };
    }

    /// <summary>A 1-2-5 step giving about four grid lines up to <paramref name="max"/> (at least 1: the
    /// axis takes whole steps).</summary>
    private static int NiceStep(double max)
    {
        var raw = max / 4;
        if (raw <= 1)
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = (raw / magnitude) switch
        {
            <= 1 => 1,
            <= 2 => 2,
            <= 5 => 5,
            _ => 10,
        };
        return (int)Math.Ceiling(step * magnitude);
    }

    private sealed record DurationUnit(string Name, TimeSpan Size)
    {
        public static readonly DurationUnit Milliseconds = new("ms", TimeSpan.FromMilliseconds(1));
        public static readonly DurationUnit Seconds = new("s", TimeSpan.FromSeconds(1));
        public static readonly DurationUnit Minutes = new("min", TimeSpan.FromMinutes(1));
        public static readonly DurationUnit Hours = new("h", TimeSpan.FromHours(1));

        /// <summary>The unit in which the longest run reads as a number between about 1 and 120.</summary>
        public static DurationUnit For(TimeSpan longest) => longest.TotalSeconds switch
        {
            < 2 => Milliseconds,
            < 120 => Seconds,
            < 7_200 => Minutes,
            _ => Hours,
        };

        public double Of(TimeSpan duration) => Math.Round(duration / Size, 1);
    }
}
