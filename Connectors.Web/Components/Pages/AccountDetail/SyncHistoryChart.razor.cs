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
    private StackedBarChartOptions _addedOptions = new();
    private StackedBarChartOptions _durationOptions = new();
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
        // One series per outcome present, so each bar takes its outcome's colour (the legend and tooltip name it).
        var outcomes = Outcomes.Where(o => _runs.Any(r => o.Matches(r.Status))).ToList();
        _added = [.. outcomes.Select(o => new ChartSeries<double>
        {
            Name = o.Name, Data = _runs.Select(r => o.Matches(r.Status) ? r.Added : 0d).ToArray(),
        })];
        _durations = [.. outcomes.Select(o => new ChartSeries<double>
        {
            Name = o.Name, Data = _runs.Select((r, i) => o.Matches(r.Status) ? _durationUnit.Of(durations[i]) : 0d).ToArray(),
        })];
        var palette = outcomes.Select(o => o.Colour).ToArray();
        _addedOptions = Options(_runs.Select(r => (double)r.Added), palette, "{{SERIES_NAME}}: {{Y_VALUE}} added");
        _durationOptions = Options(durations.Select(_durationUnit.Of), palette, $"{{{{SERIES_NAME}}}}: {{{{Y_VALUE}}}} {_durationUnit.Name}");
    }

    private sealed record Outcome(string Name, string Colour, Func<SyncRunStatus, bool> Matches);

    /// <summary>The outcomes a finished run can have, with colours that keep 3:1 against both the light and the dark surface.</summary>
    private static readonly Outcome[] Outcomes =
    [
        new("Succeeded", "#43a047", s => s == SyncRunStatus.Succeeded),
        new("Partly succeeded or held", "#c77700", s => s is SyncRunStatus.PartiallySucceeded or SyncRunStatus.Held),
        new("Failed", "#ef5350", s => s == SyncRunStatus.Failed),
        new("Cancelled", "#8a8a8a", s => s is not (SyncRunStatus.Succeeded or SyncRunStatus.PartiallySucceeded or SyncRunStatus.Held or SyncRunStatus.Failed)),
    ];

    /// <summary>At most <see cref="MaxAxisLabels"/> "MMM d HH:mm" labels, evenly spaced back from the
    /// newest run (which always has one), so they never overlap on a phone; the other bars get none.</summary>
    private static string[] Labels(IReadOnlyList<SyncRunSummary> runs)
    {
        var every = Math.Max(1, (int)Math.Ceiling(runs.Count / (double)MaxAxisLabels));
        var labels = runs.Select((r, i) => (runs.Count - 1 - i) % every == 0
            ? (r.StartedAt ?? r.QueuedAt).ToString("MMM d HH:mm", CultureInfo.InvariantCulture)
            : "").ToArray();
        // Runs within one minute would repeat the same label: keep only the newest of equal labels.
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i].Length > 0 && labels.Skip(i + 1).Contains(labels[i]))
            {
                labels[i] = "";
            }
        }

        return labels;
    }

    private static StackedBarChartOptions Options(IEnumerable<double> values, string[] palette, string tooltip)
    {
        var step = NiceStep(values.DefaultIfEmpty().Max());
        return new StackedBarChartOptions
        {
            ShowLegend = palette.Length > 1,
            ShowZeroValues = false,
            TooltipTitleFormat = tooltip,
            YAxisTicks = step,
            // All zeros (failed runs) would leave a bare axis: show at least one step.
            YAxisSuggestedMax = step,
            YAxisFormat = "0.#",
            BarWidthRatio = 0.8,
            ChartPalette = palette,
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
