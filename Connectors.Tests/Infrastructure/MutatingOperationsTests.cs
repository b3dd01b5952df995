namespace Connectors.Tests.Infrastructure;

/// <summary>The authorization matrix cannot forget an operation: every public domain method that checks the
/// manage right has a call in it, and every call in it is still such a method.</summary>
public sealed class MutatingOperationsTests
{
    [Fact]
    public void Discovery_FindsTheKnownOperationsIncludingIndirectChecks()
    {
        // PauseAsync checks directly; SyncNowAsync and UpdateAsync reach the check through a private method.
        MutatingOperations.Names.ShouldContain("AccountLifecycle.PauseAsync");
        MutatingOperations.Names.ShouldContain("AccountLifecycle.SyncNowAsync");
        MutatingOperations.Names.ShouldContain("AccountEditor.UpdateAsync");
        MutatingOperations.Names.ShouldContain("AccountLifecycle.FullResyncAsync");
        // Reads check the view right only, so they are not mutating operations.
        MutatingOperations.Names.ShouldNotContain("AccountQueries.GetSummaryAsync");
    }

    [Fact]
    public void EveryMutatingOperation_HasACallInTheMatrix()
    {
        MutatingOperations.Names.Where(n => !MutatingOperations.Calls.ContainsKey(n)).ShouldBeEmpty();
    }

    [Fact]
    public void EveryCallInTheMatrix_IsStillAMutatingOperation()
    {
        MutatingOperations.Calls.Keys.Where(n => !MutatingOperations.Names.Contains(n)).ShouldBeEmpty();
    }
}
