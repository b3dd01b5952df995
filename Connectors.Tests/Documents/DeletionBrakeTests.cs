using Connectors.Domain.Accounts;
using Connectors.Domain.Documents;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Documents;

/// <summary>
/// The deletion brake on a sync's writer: removals are collected during the run and applied at its end — unless there
/// are more than the floor and more than the share of the account's documents, then none goes and the set is held; a
/// document seen again leaves the set; the decision (apply: exactly the held set; keep) is audited and a super-admin's.
/// </summary>
public sealed class DeletionBrakeTests : TestBedTests
{
    private ConnectorAccount _account = null!;

    protected override async Task SeedAsync()
    {
        var id = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support", projectKey: "acme-hr")).AccountId;
        _account = new ConnectorAccount(id, Bed.Acme, TestMailConnector.ConnectorKey, "Support", "acme-hr", []);
        await using var scope = Bed.As(Bed.Acme);
        await scope.ServiceProvider.GetRequiredService<DocumentStore>().UpsertAsync(_account,
            [.. Enumerable.Range(1, 100).Select(n => new DocumentInput($"m-{n}", $"Message {n}", "body"))], Ct);
    }

    [Theory]
    [InlineData(100, 0.2, 50, true)] // an empty listing
    [InlineData(51, 0.2, 50, true)]
    [InlineData(50, 0.2, 50, false)] // up to the floor always goes
    [InlineData(30, 0.2, 10, true)]
    [InlineData(20, 0.2, 10, false)] // not more than the share
    public void Holds_MoreThanTheFloorAndMoreThanTheShare(int removals, double share, int floor, bool holds) =>
        DeletionBrake.Holds(removals, 100, share, floor).ShouldBe(holds);

    [Fact]
    public async Task AnEmptyListing_IsHeld_NothingRemoved_AndApplyingRemovesExactlyTheHeldSet()
    {
        var run = Guid.NewGuid();
        var outcome = await InSinkAsync(async sink =>
        {
            (await sink.RemoveAllExceptAsync(new HashSet<string>(), Ct)).ShouldBe(100);
            await sink.UpsertAsync([new DocumentInput("m-7", "Message 7", "body")], Ct); // Seen again in the same run: not removed.
            return await sink.CommitRemovalsAsync(run, 0.2, 50, Ct);
        });

        outcome.ShouldBe(new RemovalOutcome(0, 99, 100));
        (await CountAsync()).ShouldBe(100);
        var held = await Bed.InScopeAsync(sp => sp.GetRequiredService<HeldRemovals>().GetAsync(_account.Id, Ct));
        (held!.Count, held.RunId).ShouldBe((99, run));
        (await Bed.InScopeAsync(sp => sp.GetRequiredService<AccountQueries>().GetAccountAsync(_account.Id, Ct))).HeldRemovals.ShouldBe(99);

        await InSinkAsync(sink => sink.UpsertAsync([new DocumentInput("m-8", "Message 8 edited", "body")], Ct)); // A later run sees m-8 again.
        await using (var viewer = Bed.As(Bed.Acme, TenantRole.Admin))
        {
            await Should.ThrowAsync<AccessDeniedException>(() => viewer.ServiceProvider.GetRequiredService<HeldRemovals>().ApplyAsync(_account.Id, Ct));
        }

        (await Bed.InScopeAsync(sp => sp.GetRequiredService<HeldRemovals>().ApplyAsync(_account.Id, Ct))).ShouldBe(98);

        (await Bed.QueryAsync(db => db.Documents.Select(d => d.ExternalId).OrderBy(e => e).ToListAsync(Ct))).ShouldBe(["m-7", "m-8"]);
        (await Bed.QueryAsync(db => db.HeldRemovals.CountAsync(Ct))).ShouldBe(0);
        (await AuditAsync()).ShouldContain("removals.applied Applied the held removals of 'Support': 98 document(s) removed.");
        await Should.ThrowAsync<NotFoundException>(() => Bed.InScopeAsync(sp => sp.GetRequiredService<HeldRemovals>().ApplyAsync(_account.Id, Ct)));
    }

    [Fact]
    public async Task KeepingTheDocuments_DropsTheHeldSet_AndASmallDeletionGoesThrough()
    {
        await InSinkAsync(async sink =>
        {
            await sink.RemoveAllExceptAsync(new HashSet<string>(["m-1"]), Ct);
            return await sink.CommitRemovalsAsync(Guid.NewGuid(), 0.2, 50, Ct);
        });

        (await Bed.InScopeAsync(sp => sp.GetRequiredService<HeldRemovals>().KeepAsync(_account.Id, Ct))).ShouldBe(99);

        (await CountAsync()).ShouldBe(100);
        (await AuditAsync()).ShouldContain("removals.kept Kept the 99 document(s) a sync of 'Support' would have removed.");
        var small = await InSinkAsync(async sink =>
        {
            await sink.RemoveAsync(["m-1", "m-2", "m-3", "no-such-id"], Ct);
            return await sink.CommitRemovalsAsync(Guid.NewGuid(), 0.2, 50, Ct);
        });
        small.ShouldBe(new RemovalOutcome(3, 0, 100));
        (await CountAsync()).ShouldBe(97);
    }

    [Fact]
    public async Task AnAccountDeletedWithItsDocumentsKept_LeavesNoHeldSetBehind()
    {
        await InSinkAsync(async sink =>
        {
            await sink.RemoveAllExceptAsync(new HashSet<string>(), Ct);
            return await sink.CommitRemovalsAsync(Guid.NewGuid(), 0.2, 50, Ct);
        });
        await using (var scope = Bed.As(Bed.Acme))
        {
            await scope.ServiceProvider.GetRequiredService<AccountLifecycle>().DeleteAsync(_account.Id, deleteDocuments: false, Ct);
        }

        (await Bed.QueryAsync(db => db.HeldRemovals.CountAsync(Ct))).ShouldBe(0);
        (await CountAsync(any: true)).ShouldBe(100);
    }

    private async Task<T> InSinkAsync<T>(Func<DocumentSink, Task<T>> work)
    {
        await using var scope = Bed.As(Bed.Acme);
        return await work(scope.ServiceProvider.GetRequiredService<DocumentStore>().For(_account));
    }

    private Task<int> CountAsync(bool any = false) =>
        Bed.QueryAsync(db => db.Documents.CountAsync(d => any || d.InstallationId == _account.Id, Ct));

    private Task<List<string>> AuditAsync() =>
        Bed.QueryAsync(db => db.AuditEntries.Select(a => a.Action + " " + a.Summary).ToListAsync(Ct));
}
