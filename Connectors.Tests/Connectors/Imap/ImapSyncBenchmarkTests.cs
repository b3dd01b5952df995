namespace Connectors.Tests.Connectors.Imap;

/// <summary>
/// The benchmark's structure in the default run (small mailbox): every message becomes a document, and
/// an incremental sync with no new mail costs at most 3 IMAP round trips after sign-in (in practice LIST-STATUS and LOGOUT). The full
/// 5,000-, 50,000- and 200,000-message benchmarks are explicit — run one with
/// <c>dotnet test Connectors.Tests --filter "FullyQualifiedName~FullSync_FiftyThousand" --logger "console;verbosity=detailed" -- xUnit.Explicit=only</c>.
/// </summary>
public sealed class ImapSyncBenchmarkTests(DovecotFixture dovecot) : IClassFixture<DovecotFixture>
{
    [Fact]
    public async Task IdleIncrementalSync_SmallMailbox_CostsAtMostThreeRoundTripsAfterSignIn()
    {
        var figures = await ImapSyncBenchmark.RunAsync(dovecot.Server, messages: 60, rounds: 1, TestContext.Current.CancellationToken);
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
        var figures = await ImapSyncBenchmark.RunAsync(dovecot.Server, messages: 5000, rounds: 5, TestContext.Current.CancellationToken);
        TestContext.Current.SendDiagnosticMessage(figures.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine(figures.ToString());

        figures.Documents.ShouldBe(5000);
        AfterSignIn(figures.IdleSyncCommands).Count.ShouldBeLessThanOrEqualTo(3);
    }

    /// <summary>A big mailbox in one first run: every message a document, and the working set stays within
    /// 100 MB of idle (the sync holds two batches at a time, whatever the folder's size).</summary>
    [Fact(Explicit = true)]
    public async Task FullSync_FiftyThousandMessages_PrintsDocumentsPerSecondAndPeakMemoryAboveIdle() =>
        await BigMailboxAsync(50_000);

    /// <summary>Four times the size: every message a document; the memory is printed, not bounded (the live
    /// heap after the sync is back at idle, but the collector lets garbage grow further at this length).</summary>
    [Fact(Explicit = true)]
    public async Task FullSync_TwoHundredThousandMessages_PrintsDocumentsPerSecondAndPeakMemoryAboveIdle() =>
        await BigMailboxAsync(200_000, memoryBound: false);

    private async Task BigMailboxAsync(int messages, bool memoryBound = true)
    {
        var figures = await ImapSyncBenchmark.RunAsync(dovecot.Server, messages, rounds: 1, TestContext.Current.CancellationToken);
        TestContext.Current.SendDiagnosticMessage(figures.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine(figures.ToString());

        figures.Documents.ShouldBe(messages);
        if (memoryBound)
        {
            figures.Memory.AboveIdleBytes.ShouldBeLessThan(100L * 1024 * 1024, figures.ToString());
        }
    }

    /// <summary>The commands the sync itself sends: after AUTHENTICATE and the NAMESPACE and
    /// LIST "" "INBOX" that MailKit issues as part of every sign-in.</summary>
    private static List<string> AfterSignIn(IReadOnlyList<string> commands) =>
        [.. commands
            .SkipWhile(c => !c.StartsWith("AUTHENTICATE ", StringComparison.Ordinal) && !c.StartsWith("LOGIN ", StringComparison.Ordinal))
            .Skip(1)
            .Where(c => c != "NAMESPACE" && !c.StartsWith("LIST \"\" \"INBOX\"", StringComparison.Ordinal))];
}
