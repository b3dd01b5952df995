using Connectors.Domain.Auditing;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Accounts;

/// <summary>Edits an account's label, project binding and cadence — from the edit dialog (a whole edit) or
/// the HTTP API's PATCH (only what is set). Checks the manage right; every change is audited with what changed.</summary>
public sealed class AccountEditor(
    AccountStore store, ActorContext actor, AuditLog audit, AccountQueries queries,
    Microsoft.Extensions.Options.IOptions<ConnectorsOptions> options, TimeProvider clock)
{
    /// <summary>The shortest cadence an account may set: 5 minutes.</summary>
    public const int MinCadenceMinutes = 5;

    /// <summary>The longest cadence an account may set: 7 days.</summary>
    public const int MaxCadenceMinutes = 10_080;

    /// <summary>The shortest connection-check cadence an account may set: 15 minutes (a check signs in).</summary>
    public const int MinCheckMinutes = 15;

    /// <summary>Renames, rebinds (an empty project key clears the binding) and sets the cadence
    /// (<see cref="MinCadenceMinutes"/>–<see cref="MaxCadenceMinutes"/> minutes; null inherits).</summary>
    public Task<AccountSummary> UpdateAsync(Guid id, AccountEdit edit, CancellationToken ct) =>
        EditAsync(id, _ => edit, ct);

    /// <summary>Changes only what <paramref name="patch"/> sets (the HTTP API's PATCH), with the same rules as
    /// <see cref="UpdateAsync"/>. The rest is taken from the row as loaded in the same save, so a concurrent
    /// edit of another property is never overwritten with a stale value (the concurrency token catches it).</summary>
    public async Task<AccountSummary> PatchAsync(Guid id, AccountPatch patch, CancellationToken ct)
    {
        await ApplyPatchAsync(id, patch, ct);
        return await queries.GetAccountAsync(id, ct);
    }

    /// <summary><see cref="PatchAsync"/> without reading the account back (bulk actions report per account).</summary>
    public Task ApplyPatchAsync(Guid id, AccountPatch patch, CancellationToken ct) => SaveEditAsync(id, patch.ApplyTo, ct);

    private async Task<AccountSummary> EditAsync(Guid id, Func<ConnectorInstallation, AccountEdit> editOf, CancellationToken ct)
    {
        await SaveEditAsync(id, editOf, ct);
        return await queries.GetAccountAsync(id, ct);
    }

    private async Task SaveEditAsync(Guid id, Func<ConnectorInstallation, AccountEdit> editOf, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using (var db = store.Open())
        {
            var installation = await store.LoadAsync(db, id, ct);
            var edit = editOf(installation);
            if (string.IsNullOrWhiteSpace(edit.Label))
            {
                throw new ValidationFailedException("label", "Label is required.");
            }

            var label = AccountLabel.Parse(edit.Label);
            var checkMinutes = edit.SetsCheckMinutes ? edit.CheckMinutes : installation.CheckMinutes;
            if (edit.CadenceMinutes is < MinCadenceMinutes or > MaxCadenceMinutes)
            {
                throw new ValidationFailedException("cadenceMinutes",
                    $"The sync cadence must be between {MinCadenceMinutes} minutes and 7 days ({MaxCadenceMinutes} minutes), or empty to inherit.");
            }

            if (checkMinutes is < MinCheckMinutes or > MaxCadenceMinutes)
            {
                throw new ValidationFailedException("checkMinutes",
                    $"The connection check cadence must be between {MinCheckMinutes} minutes and 7 days ({MaxCadenceMinutes} minutes), or empty to inherit.");
            }

            var binding = await ProjectRegistry.ValidateBindingAsync(db, edit.ProjectKey, ct);
            var labelBefore = installation.Label;
            var changes = Changes(installation, label, binding, edit.CadenceMinutes, checkMinutes);
            var tenantDefault = await store.TenantDefaultProjectAsync(db, installation.TenantId, ct);
            var ownBefore = AccountStore.Describe(installation, tenantDefault).ProjectKey;
            installation.Rename(label);
            installation.ProjectKey = binding;
            var own = AccountStore.Describe(installation, tenantDefault).ProjectKey;
            if (edit.TargetProjects is { } targets)
            {
                var (before, after) = await AccountTargets.ReplaceAsync(db, installation, own, targets, clock.GetUtcNow().UtcDateTime, ct);
                if (!before.SequenceEqual(after))
                {
                    changes.Add($"further projects [{string.Join(", ", before)}] → [{string.Join(", ", after)}]");
                }
            }
            else if (own != ownBefore)
            {
                // The account's further projects are kept; one that is now its own project is dropped (it would repeat it).
                await db.Entry(installation).Collection(i => i.Targets).LoadAsync(ct);
                installation.Targets.RemoveAll(t => t.ProjectKey == own);
            }

            if (installation.CadenceMinutes != edit.CadenceMinutes)
            {
                installation.CadenceMinutes = edit.CadenceMinutes;
                Reschedule(installation);
            }

            if (installation.CheckMinutes != checkMinutes)
            {
                installation.CheckMinutes = checkMinutes;
                var now = clock.GetUtcNow().UtcDateTime;
                var next = (installation.LastTestedAt ?? now).AddMinutes(Checks.CheckSchedule.CadenceMinutes(checkMinutes, installation.ConnectorKey, options.Value));
                installation.NextCheckAt = next < now ? now : next;
            }

            audit.Record(db, "account.updated", "account", id.ToString(),
                changes.Count == 0 ? $"No change to '{label}'." : $"Edited '{labelBefore}': {string.Join(", ", changes)}.");
            if (own == ownBefore)
            {
                await store.SaveAsync(db, label, ct);
                return;
            }

            // The documents are stored in the account's own project: they move with it now, not at their next sync
            // (an incremental sync never sees most of them again).
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await store.SaveAsync(db, label, ct);
            await db.Documents.Where(d => d.InstallationId == id && d.ProjectKey != own)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.ProjectKey, own), ct);
            await transaction.CommitAsync(ct);
        }
    }

    /// <summary>A new cadence moves a scheduled account's next sync to its last sync plus the new cadence (now, when
    /// that has passed). Retries after a failure keep their time; paused or stopped accounts stay unscheduled.</summary>
    private void Reschedule(ConnectorInstallation installation)
    {
        if (installation is not { Status: InstallationStatus.Active, NextSyncAt: not null, ConsecutiveFailures: 0 })
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var cadence = Sync.SyncSchedule.CadenceMinutes(installation.CadenceMinutes, installation.ConnectorKey, options.Value);
        var next = (installation.LastSyncAt ?? now).AddMinutes(cadence);
        installation.NextSyncAt = next < now ? now : next;
    }

    /// <summary>What the edit changes, in words, for the audit entry.</summary>
    private static List<string> Changes(ConnectorInstallation before, string label, string? binding, int? cadence, int? checkMinutes)
    {
        var parts = new List<string>();
        if (before.Label != label)
        {
            parts.Add($"label '{before.Label}' → '{label}'");
        }

        if (before.ProjectKey != binding)
        {
            parts.Add($"project {before.ProjectKey ?? "tenant default"} → {binding ?? "tenant default"}");
        }

        if (before.CadenceMinutes != cadence)
        {
            parts.Add($"cadence {before.CadenceMinutes?.ToString() ?? "inherited"} → {cadence?.ToString() ?? "inherited"}");
        }

        if (before.CheckMinutes != checkMinutes)
        {
            parts.Add($"check cadence {before.CheckMinutes?.ToString() ?? "inherited"} → {checkMinutes?.ToString() ?? "inherited"}");
        }

        return parts;
    }
}
