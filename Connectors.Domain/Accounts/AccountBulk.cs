using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Connectors.Domain.Accounts;

/// <summary>What a bulk request does to each account.</summary>
public enum BulkAction { Sync, Pause, Resume, Move, Cadence, Delete }

/// <summary>What happened, or would happen, to one account: a dry run answers <see cref="WillApply"/> or
/// <see cref="Skipped"/>; a run answers <see cref="Applied"/>, <see cref="Skipped"/> or <see cref="Failed"/>.</summary>
public enum BulkOutcome { WillApply, Skipped, Applied, Failed }

/// <summary>
/// One bulk request: the action, the accounts (by id, or every account a table filter matches) and what the
/// action needs — the project to move to (empty: the tenant default), the cadence (null: inherit), whether a
/// delete also deletes documents.
/// </summary>
public sealed record BulkRequest
{
    public BulkAction Action { get; init; }
    public IReadOnlyList<Guid>? AccountIds { get; init; }
    public AccountTableQuery? Filter { get; init; }
    public bool DryRun { get; init; }
    public string? ProjectKey { get; init; }
    public int? CadenceMinutes { get; init; }
    public bool DeleteDocuments { get; init; }
}

public sealed record BulkItem(Guid AccountId, string Label, BulkOutcome Outcome, string? Reason);

/// <summary>The answer to a bulk request: one item per account asked for, in label order (ids that name no
/// account of the tenant last).</summary>
public sealed record BulkResult(BulkAction Action, bool DryRun, IReadOnlyList<BulkItem> Items)
{
    public int Count(BulkOutcome outcome) => Items.Count(i => i.Outcome == outcome);
}

/// <summary>
/// Bulk actions on many accounts: Sync now, Pause, Resume, Move to project, Set cadence, Delete. A dry run says
/// what would happen to each account and which are skipped and why, from the same rules the single actions
/// apply. A run performs each account's change through the single action itself — so each is authorized,
/// validated and audited exactly as when it is done one at a time — and reports each account's outcome: an
/// account that fails is named with the reason, the others still apply, nothing is half-applied silently.
/// </summary>
public sealed class AccountBulk(
    AccountStore store,
    AccountTable table,
    AccountLifecycle lifecycle,
    AccountEditor editor,
    TenantContext tenant,
    ActorContext actor,
    ILogger<AccountBulk> logger)
{
    /// <summary>The most accounts one request may name or match.</summary>
    public const int MaxAccounts = 5_000;

    private const int IdBatch = 500;

    public async Task<BulkResult> RunAsync(BulkRequest request, CancellationToken ct)
    {
        actor.EnsureCanManage();
        var tenantId = tenant.RequireTenantId();
        if ((request.AccountIds is null) == (request.Filter is null))
        {
            throw new ValidationFailedException("accountIds", "Name the accounts: either accountIds or filter, not both.");
        }

        if (request.AccountIds is { Count: > MaxAccounts } tooMany)
        {
            throw new ValidationFailedException("accountIds", $"{tooMany.Count} accounts were named; a bulk action takes at most {MaxAccounts:N0} at once.");
        }

        var projectKey = await ValidateAsync(request, ct);
        var targets = await TargetsAsync(request, tenantId, ct);
        var plan = targets.Select(t => t.Account is not { } account
            ? new BulkItem(t.Id, "", BulkOutcome.Skipped, "No such account in this tenant.")
            : Plan(request.Action, account, projectKey, request.CadenceMinutes) is { } reason
                ? new BulkItem(account.Id, account.Label, BulkOutcome.Skipped, reason)
                : new BulkItem(account.Id, account.Label, BulkOutcome.WillApply, null)).ToList();
        if (request.DryRun)
        {
            return new BulkResult(request.Action, true, plan);
        }

        var results = new List<BulkItem>(plan.Count);
        foreach (var item in plan)
        {
            results.Add(item.Outcome == BulkOutcome.WillApply ? await ApplyAsync(request, item, projectKey, ct) : item);
        }

        return new BulkResult(request.Action, false, results);
    }

    /// <summary>Checks what the action needs once, before any account: the project exists, the cadence is in range.</summary>
    private async Task<string?> ValidateAsync(BulkRequest request, CancellationToken ct)
    {
        switch (request.Action)
        {
            case BulkAction.Move:
                await using (var db = store.Open())
                {
                    return await ProjectRegistry.ValidateBindingAsync(db, request.ProjectKey, ct);
                }

            case BulkAction.Cadence when request.CadenceMinutes is < AccountEditor.MinCadenceMinutes or > AccountEditor.MaxCadenceMinutes:
                throw new ValidationFailedException("cadenceMinutes",
                    $"The sync cadence must be between {AccountEditor.MinCadenceMinutes} minutes and 7 days ({AccountEditor.MaxCadenceMinutes} minutes), or empty to inherit.");
            default:
                return null;
        }
    }

    /// <summary>Why the action skips this account, or null when it applies — the single actions' own rules.</summary>
    private static string? Plan(BulkAction action, BulkTarget account, string? projectKey, int? cadence)
    {
        var notConnected = account.Status switch
        {
            InstallationStatus.Pending => "Not connected yet: finish connecting it first.",
            InstallationStatus.NeedsReconnect => "Needs reconnecting first.",
            _ => null,
        };
        return action switch
        {
            BulkAction.Sync when account.Status == InstallationStatus.Paused => "Paused: resume it to sync.",
            BulkAction.Sync when notConnected is not null => notConnected,
            BulkAction.Sync when account.Syncing => "A sync is already running.",
            BulkAction.Pause when account.Status == InstallationStatus.Paused => "Already paused.",
            BulkAction.Pause when notConnected is not null => notConnected,
            BulkAction.Resume when account.Status == InstallationStatus.Active => "Already active.",
            BulkAction.Resume when notConnected is not null => notConnected,
            BulkAction.Move when account.ProjectKey == projectKey =>
                projectKey is null ? "Already uses the tenant's default project." : $"Already in project '{projectKey}'.",
            BulkAction.Cadence when account.CadenceMinutes == cadence =>
                cadence is null ? "Already inherits the cadence." : $"Already syncs every {cadence} minutes.",
            _ => null,
        };
    }

    private async Task<BulkItem> ApplyAsync(BulkRequest request, BulkItem item, string? projectKey, CancellationToken ct)
    {
        try
        {
            switch (request.Action)
            {
                case BulkAction.Sync:
                    await lifecycle.SyncNowAsync(item.AccountId, ct);
                    break;
                case BulkAction.Pause:
                    await lifecycle.PauseAsync(item.AccountId, ct);
                    break;
                case BulkAction.Resume:
                    await lifecycle.ResumeAsync(item.AccountId, ct);
                    break;
                case BulkAction.Move:
                    await editor.ApplyPatchAsync(item.AccountId, new AccountPatch { SetsProjectKey = true, ProjectKey = projectKey }, ct);
                    break;
                case BulkAction.Cadence:
                    await editor.ApplyPatchAsync(item.AccountId, new AccountPatch { SetsCadence = true, CadenceMinutes = request.CadenceMinutes }, ct);
                    break;
                case BulkAction.Delete:
                    await lifecycle.DeleteAsync(item.AccountId, request.DeleteDocuments, ct);
                    break;
            }

            return item with { Outcome = BulkOutcome.Applied, Reason = null };
        }
        catch (AlreadySyncingException)
        {
            // Started by the scheduler or someone else since the plan was made: nothing to do, and not a failure.
            return item with { Outcome = BulkOutcome.Skipped, Reason = "A sync is already running." };
        }
        catch (Exception e) when (e is ValidationFailedException or NotFoundException or DuplicateLabelException)
        {
            return item with { Outcome = BulkOutcome.Failed, Reason = e.Message };
        }
        catch (Exception e) when (e is not OperationCanceledException and not AccessDeniedException)
        {
            logger.LogError(e, "Bulk {Action} of account {AccountId} failed.", request.Action, item.AccountId);
            return item with { Outcome = BulkOutcome.Failed, Reason = "Failed unexpectedly; this account was not changed. The server log has the details." };
        }
    }

    private async Task<List<(Guid Id, BulkTarget? Account)>> TargetsAsync(BulkRequest request, Guid tenantId, CancellationToken ct)
    {
        await using var db = store.Open();
        var syncing = await db.SyncRuns.AsNoTracking()
            .Where(r => r.TenantId == tenantId && (r.Status == SyncRunStatus.Queued || r.Status == SyncRunStatus.Running))
            .Select(r => r.InstallationId).ToHashSetAsync(ct);
        List<BulkTarget> found;
        if (request.Filter is { } filter)
        {
            var matching = await table.MatchingAsync(db, filter, ct);
            found = await TargetsAsync(matching.OrderBy(i => i.NormalizedLabel).ThenBy(i => i.Id).Take(MaxAccounts + 1), syncing, ct);
            if (found.Count > MaxAccounts)
            {
                throw new ValidationFailedException("filter", $"The filter matches more than {MaxAccounts:N0} accounts; narrow it, a bulk action takes at most {MaxAccounts:N0} at once.");
            }

            return [.. found.Select(t => (t.Id, (BulkTarget?)t))];
        }

        var ids = request.AccountIds!.Distinct().ToList();
        found = [];
        foreach (var batch in ids.Chunk(IdBatch))
        {
            found.AddRange(await TargetsAsync(db.Installations.AsNoTracking().Where(i => i.TenantId == tenantId && batch.Contains(i.Id)), syncing, ct));
        }

        var byId = found.ToDictionary(t => t.Id);
        return [.. found.OrderBy(t => t.Label, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Id).Select(t => (t.Id, (BulkTarget?)t)),
            .. ids.Where(id => !byId.ContainsKey(id)).Select(id => (id, (BulkTarget?)null))];
    }

    private static async Task<List<BulkTarget>> TargetsAsync(IQueryable<ConnectorInstallation> accounts, HashSet<Guid> syncing, CancellationToken ct) =>
        [.. (await accounts.Select(i => new BulkTarget(i.Id, i.Label, i.Status, i.ProjectKey, i.CadenceMinutes, false)).ToListAsync(ct))
            .Select(t => t with { Syncing = syncing.Contains(t.Id) })];

    private sealed record BulkTarget(Guid Id, string Label, InstallationStatus Status, string? ProjectKey, int? CadenceMinutes, bool Syncing);
}
