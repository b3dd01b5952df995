namespace Connectors.Tests.Connectors.Imap;

/// <summary>
/// The benchmark's structure in the default run (small mailbox): every message becomes a document, and
/// an incremental sync with no new mail costs at most 3 IMAP round trips after sign-in (in practice LIST-STATUS and LOGOUT). The full
/// 5,000-message benchmark is explicit — run it with
/// <c>dotnet test Connectors.Tests --filter "FullyQualifiedName~ImapSyncBenchmarkTests" -- xUnit.Explicit=only</c>.
/// </summary>
public sealed class ImapSyncBenchmarkTests(DovecotFixture dovecot) : IClassFixture<DovecotFixture>
{
    [Fact]
    public async Task IdleIncrementalSync_SmallMailbox_CostsAtMostThreeRoundTripsAfterSignIn()
    {
        var figures = await ImapSyncBenchmark.RunAsync(dovecot.Server, messages: 60, TestContext.Current.CancellationToken);
        TestContext.Current.SendDiagnosticMessage(figures.ToString());

        figures.Documents.ShouldBe(60);
        figures.IdleSyncCommands.ShouldContain(c => c.StartsWith("AUTHENTICATE ", StringComparison.Ordinal));
        var sync = AfterSignIn(figures.IdleSyncCommands);
        sync.Count.ShouldBeLessThanOrEqualTo(3, string.Join(", ", figures.IdleSyncCommands));
        sync.ShouldNotContain(c => c.StartsWith("SELECT", StringComparison.Ordinal) || c.StartsWith("EXAMINE", StringComparison.Ordinal)
            || c.StartsWith("UID SEARCH", StringComparison.Ordinal) || c.StartsWith("UID FETCH", StringComparison.Ordinal));
    }

    [Fact(Explicit = true)]
    public async Task FullSync_FiveThousandMessages_PrintsTimesAndRatio()
    {
        var figures = await ImapSyncBenchmark.RunAsync(dovecot.Server, messages: 5000, TestContext.Current.CancellationToken);
        Console.WriteLine(figures);
        TestContext.Current.SendDiagnosticMessage(figures.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine(figures.ToString());

        figures.Documents.ShouldBe(5000);
        AfterSignIn(figures.IdleSyncCommands).Count.ShouldBeLessThanOrEqualTo(3);
    }

    /// <summary>The commands the sync itself sends: after AUTHENTICATE and the NAMESPACE and
    /// LIST "" "INBOX" that MailKit issues as part of every sign-in.</summary>
    private static List<string> AfterSignIn(IReadOnlyList<string> commands) =>
        [.. commands
            .SkipWhile(c => !c.StartsWith("AUTHENTICATE ", StringComparison.Ordinal) && !c.StartsWith("LOGIN ", StringComparison.Ordinal))
            .Skip(1)
            .Where(c => c != "NAMESPACE" && !c.StartsWith("LIST \"\" \"INBOX\"", StringComparison.Ordinal))];
}
