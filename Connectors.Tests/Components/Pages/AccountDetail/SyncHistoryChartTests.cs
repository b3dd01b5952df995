using System.Globalization;
using Bunit;
using Connectors.Domain.Accounts;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Tests.Components.Shared;
using Connectors.Web.Components.Accounts;
using Connectors.Web.Components.Pages.AccountDetail;
using Connectors.Web.Components.Pages.ConnectorList;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Interop;

namespace Connectors.Tests.Components.Pages.AccountDetail;

/// <summary>The account page's charts of documents added and duration, fed by the real history of a test database.</summary>
public sealed class SyncHistoryChartTests : ComponentTestContext
{
    private static readonly DateTime Day = new(2025, 3, 10, 8, 0, 0, DateTimeKind.Utc);
    private Guid _account;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        // The charts fill their box: they draw once the browser reports its size.
        JSInterop.Setup<ElementSize>("mudObserveElementSize", _ => true).SetResult(new ElementSize { Width = 600, Height = 220 });
        _account = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support")).AccountId;
    }

    [Fact]
    public async Task Render_ThreeFinishedRuns_ABarPerRunInBothChartsOldestFirst()
    {
        await AddRunsAsync((4, 2), (0, 30), (7, 90));

        var chart = Render();

        chart.ByTestId("sync-history-chart").GetAttribute("data-runs").ShouldBe("3");
        // The run that added nothing has no bar of documents added; every run has a duration bar.
        chart.Find("[data-testid='chart-added']").QuerySelectorAll("path.mud-chart-bar").Length.ShouldBe(2);
        chart.Find("[data-testid='chart-duration']").QuerySelectorAll("path.mud-chart-bar").Length.ShouldBe(3);
        chart.ByTestId("chart-duration").TextContent.ShouldContain("Duration (s)");
        chart.ByTestId("chart-caption").TextContent.ShouldBe("The last 3 finished runs, oldest → newest · times in UTC");
        AxisLabels(chart, "chart-added").ShouldBe(["Mar 10 08:00", "Mar 11 08:00", "Mar 12 08:00"]);
        chart.Has("chart-empty").ShouldBeFalse();
    }

    [Fact]
    public async Task Render_MoreRunsThanTheChartHolds_TheLatestThirtyWithThreeAxisLabels()
    {
        await AddRunsAsync([.. Enumerable.Range(0, 35).Select(i => (i, 1))]);

        var chart = Render();

        chart.ByTestId("sync-history-chart").GetAttribute("data-runs").ShouldBe(SyncHistoryChart.MaxRuns.ToString(CultureInfo.InvariantCulture));
        chart.Find("[data-testid='chart-added']").QuerySelectorAll("path.mud-chart-bar").Length.ShouldBe(SyncHistoryChart.MaxRuns);
        // The newest run (day 34) is always labelled; labels every ten runs back from it.
        AxisLabels(chart, "chart-added").ShouldBe(["Mar 24 08:00", "Apr 3 08:00", "Apr 13 08:00"]);
    }

    [Fact]
    public async Task Render_RunsOfDifferentOutcomes_BarsTakeTheirOutcomesColour_AndEqualLabelsAreNotRepeated()
    {
        await AddRunsAsync(SyncRunStatus.Succeeded, TimeSpan.FromSeconds(10), (4, 2));
        await AddRunsAsync(SyncRunStatus.Failed, TimeSpan.FromSeconds(10), (0, 1));

        var chart = Render();

        var bars = chart.Find("[data-testid='chart-added']").QuerySelectorAll("path.mud-chart-bar");
        // A bar is a stroked path: its stroke is its colour.
        bars.Select(b => b.GetAttribute("stroke")).Distinct().ShouldBe(["#43a047"]);
        var durations = chart.Find("[data-testid='chart-duration']").QuerySelectorAll("path.mud-chart-bar").Select(b => b.GetAttribute("stroke")).ToList();
        durations.ShouldBe(["#43a047", "#ef5350"]);
        chart.ByTestId("chart-duration").TextContent.ShouldContain("Failed");
        // Both runs started within one minute: one label, not the same one twice.
        AxisLabels(chart, "chart-added").ShouldBe(["Mar 10 08:00"]);
    }

    [Fact]
    public void Render_NoRuns_ShowsTheEmptyStateWithoutCharts()
    {
        var chart = Render();

        chart.ByTestId("chart-empty").TextContent.ShouldContain("No sync has finished yet");
        chart.ByTestId("chart-caption").TextContent.ShouldBe("Documents added and duration, run by run");
        chart.FindAll(".mud-chart-bar").ShouldBeEmpty();
        chart.Has("chart-added").ShouldBeFalse();
    }

    [Fact]
    public async Task Render_OnlyAQueuedRun_ShowsTheEmptyState()
    {
        await Domain<AccountLifecycle>().SyncNowAsync(_account, Ct);

        var chart = Render();

        chart.Has("chart-empty").ShouldBeTrue();
    }

    private IRenderedComponent<IComponent> Render() =>
        RenderWithProviders(builder =>
        {
            builder.OpenComponent<SyncHistoryChart>(0);
            builder.AddComponentParameter(1, nameof(SyncHistoryChart.AccountId), _account);
            builder.CloseComponent();
        });

    private static IReadOnlyList<string> AxisLabels(IRenderedComponent<IComponent> chart, string testId) =>
        [.. chart.Find($"[data-testid='{testId}'] .mud-charts-xaxis").QuerySelectorAll("text")
            .Select(t => t.TextContent.Trim()).Where(t => t.Length > 0)];

    /// <summary>Adds one succeeded run a day from <see cref="Day"/> per (added, seconds) pair.</summary>
    private Task AddRunsAsync(params (int Added, int Seconds)[] runs) =>
        AddRunsAsync(SyncRunStatus.Succeeded, TimeSpan.FromDays(1), runs);

    private async Task AddRunsAsync(SyncRunStatus status, TimeSpan apart, params (int Added, int Seconds)[] runs)
    {
        await using var db = Domain<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var first = await db.SyncRuns.CountAsync(r => r.InstallationId == _account, Ct);
        foreach (var (run, i) in runs.Select((r, i) => (r, i)))
        {
            var at = Day + (apart * (first + i));
            db.SyncRuns.Add(new SyncRun
            {
                InstallationId = _account, Trigger = SyncTrigger.Schedule, Kind = SyncKind.Incremental, Status = status,
                QueuedAt = at, StartedAt = at, FinishedAt = at.AddSeconds(run.Seconds), Seen = run.Added, Added = run.Added,
            });
        }

        await db.SaveChangesAsync(Ct);
    }
}
