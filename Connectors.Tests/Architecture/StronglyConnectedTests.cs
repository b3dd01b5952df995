namespace Connectors.Tests.Architecture;

/// <summary>The cycle finder behind the "no cycle" rule finds cycles, so that rule can fail.</summary>
public sealed class StronglyConnectedTests
{
    [Fact]
    public void Cycles_TwoFoldersUsingEachOther_AreOneCycle() =>
        StronglyConnected.Cycles([("A", "B"), ("B", "A"), ("B", "C")]).ShouldBe(["A ⇄ B"]);

    [Fact]
    public void Cycles_ALongLoop_IsOneCycleOfAllItsFolders() =>
        StronglyConnected.Cycles([("A", "B"), ("B", "C"), ("C", "D"), ("D", "A"), ("D", "E")]).ShouldBe(["A ⇄ B ⇄ C ⇄ D"]);

    [Fact]
    public void Cycles_OneDirectionOnly_IsNone() =>
        StronglyConnected.Cycles([("Accounts", "Sync"), ("Sync", "Installations"), ("Accounts", "Installations")]).ShouldBeEmpty();
}
