using Connectors.Domain.Accounts;
using Connectors.Domain.Events;
using Connectors.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Infrastructure;

/// <summary>What every connector's deletion-brake test checks once its source has lost most of what the account holds.</summary>
public static class DeletionBrakeChecks
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A small deletion went through as before.</summary>
    public static void ShouldHaveGoneThrough(SyncRun run, int removed) =>
        (run.Status, run.Removed, run.Held).ShouldBe((SyncRunStatus.Succeeded, removed, 0));

    /// <summary>The run was held with <paramref name="held"/> removals: nothing removed, the admin told (<c>sync.held</c>);
    /// then applying removes exactly the held set and nothing else.</summary>
    public static async Task ShouldBeHeldThenApplyRemovesExactlyTheHeldSetAsync(ConnectorsTestBed bed, Guid account, SyncRun run, int held)
    {
        (run.Status, run.Held, run.Removed).ShouldBe((SyncRunStatus.Held, held, 0));
        run.ErrorMessage.ShouldNotBeNull().ShouldContain($"would remove {held:N0} of the account's");
        var before = await bed.QueryAsync(db => db.Documents.Where(d => d.InstallationId == account).Select(d => d.Id).ToListAsync(Ct));
        (await bed.QueryAsync(db => db.AccountEvents.CountAsync(e => e.InstallationId == account && e.Kind == AccountEventKinds.SyncHeld, Ct))).ShouldBe(1);
        var heldSet = await bed.QueryAsync(db => db.HeldRemovals.Where(h => h.InstallationId == account).Select(h => h.DocumentId).ToListAsync(Ct));
        heldSet.Count.ShouldBe(held);

        (await bed.InScopeAsync(sp => sp.GetRequiredService<HeldRemovals>().ApplyAsync(account, Ct))).ShouldBe(held);

        var after = await bed.QueryAsync(db => db.Documents.Where(d => d.InstallationId == account).Select(d => d.Id).ToListAsync(Ct));
        after.ShouldBe(before.Except(heldSet), ignoreOrder: true);
    }
}
