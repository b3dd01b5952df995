using Bunit;
using Connectors.Domain.Data;
using Connectors.Domain.Sync;
using Connectors.Tests.Components.Shared;
using Connectors.Web.Components.Accounts;
using Connectors.Web.Components.Pages.AccountDetail;
using Connectors.Web.Components.Pages.ConnectorList;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Tests.Components.Pages.AccountDetail;

/// <summary>The account page's sync history table: every failed attempt carries its error.</summary>
public sealed class SyncHistoryTableTests : ComponentTestContext
{
    private Guid _account;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _account = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support")).AccountId;
    }

    [Fact]
    public async Task Render_FailedAttempts_EachShowsItsCategoryAndMessageUnderItsRow()
    {
        await AddRunAsync(0, SyncRunStatus.Failed, SyncErrorCategory.Transient, "Server went away.");
        await AddRunAsync(1, SyncRunStatus.Succeeded, null, null);
        await AddRunAsync(2, SyncRunStatus.Failed, SyncErrorCategory.RateLimited, "Too many requests; retry after 120 s.");

        var table = Render();

        var rows = table.FindAll("[data-testid='history-row'], [data-testid='history-error']")
            .Select(r => (r.GetAttribute("data-testid"), r.GetAttribute("data-status"), Text(r, "history-error-category"), Text(r, "history-error-message")));
        rows.ShouldBe([
            ("history-row", "failed", null, null),
            ("history-error", null, "RateLimited", "Too many requests; retry after 120 s."),
            ("history-row", "succeeded", null, null),
            ("history-row", "failed", null, null),
            ("history-error", null, "Transient", "Server went away."),
        ]);
    }

    [Fact]
    public async Task Render_FailedAttemptWithoutAnError_SaysNoMessageWasRecorded()
    {
        await AddRunAsync(0, SyncRunStatus.Failed, null, null);

        var table = Render();

        table.ByTestId("history-error").TextContent.ShouldContain("No error message was recorded.");
    }

    private IRenderedComponent<IComponent> Render() =>
        RenderWithProviders(builder =>
        {
            builder.OpenComponent<SyncHistoryTable>(0);
            builder.AddComponentParameter(1, nameof(SyncHistoryTable.AccountId), _account);
            builder.CloseComponent();
        });

    private static string? Text(AngleSharp.Dom.IElement row, string testId) =>
        row.QuerySelector($"[data-testid='{testId}']")?.TextContent.Trim();

    private async Task AddRunAsync(int minute, SyncRunStatus status, SyncErrorCategory? category, string? message)
    {
        await using var db = Domain<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var at = Bed.Clock.GetUtcNow().UtcDateTime.AddMinutes(minute);
        db.SyncRuns.Add(new SyncRun
        {
            InstallationId = _account, Trigger = SyncTrigger.Schedule, Kind = SyncKind.Incremental, Status = status,
            QueuedAt = at, StartedAt = at, FinishedAt = at.AddSeconds(3), ErrorCategory = category, ErrorMessage = message,
        });
        await db.SaveChangesAsync(Ct);
    }
}
