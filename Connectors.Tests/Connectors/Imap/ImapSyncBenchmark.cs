using System.Diagnostics;
using System.Text.RegularExpressions;
using Connectors.Domain.Sync;
using Connectors.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>What one benchmark run measured.</summary>
public sealed record ImapBenchmarkFigures(int Messages, TimeSpan Raw, TimeSpan Connector, int Documents, IReadOnlyList<string> IdleSyncCommands)
{
    /// <summary>Connector speed as a fraction of raw MailKit speed (1.0 = as fast).</summary>
    public double Ratio => Raw.TotalSeconds / Connector.TotalSeconds;

    public override string ToString() =>
        $"{Messages} messages: raw MailKit fetch {Raw.TotalSeconds:F2} s, connector full sync into SQLite {Connector.TotalSeconds:F2} s, " +
        $"ratio {Ratio:F2}; idle incremental sync sent {IdleSyncCommands.Count} IMAP command(s): {string.Join(", ", IdleSyncCommands)}";
}

/// <summary>
/// Full sync through the connector into the database against a raw MailKit fetch of the same
/// messages' envelopes and text bodies, plus the IMAP commands of an incremental sync with no new mail.
/// </summary>
public static partial class ImapSyncBenchmark
{
    private const string Password = "bench-Passw0rd";

    public static async Task<ImapBenchmarkFigures> RunAsync(DovecotServer server, int messages, CancellationToken ct)
    {
        var user = await server.AddUserAsync("bench", Password);
        await AppendAsync(server, user, messages, ct);
        var raw = await RawFetchAsync(server, user, ct);

        var log = new CapturingProtocolLoggers();
        // Production logging levels: the test bed's trace-level capture would otherwise dominate the timing.
        await using var bed = await ImapTestBed.CreateAsync(configure: s => s
            .AddSingleton<global::Connectors.Domain.Connectors.Imap.IProtocolLoggerFactory>(log)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning)));
        var account = (await bed.CreateAccountAsync(bed.Acme, "Bench",
            ImapTestBed.Basic(DovecotServer.Host, server.ImapPort, "none", false, user, Password))).AccountId;
        var clock = Stopwatch.StartNew();
        var full = await RunSyncAsync(bed, account, ct);
        var connector = clock.Elapsed;

        var before = log.Transcript.Length;
        var idle = await RunSyncAsync(bed, account, ct);
        idle.Added.ShouldBe(0);
        var commands = CommandPattern().Matches(log.Transcript[before..]).Select(m => m.Groups[1].Value).ToList();
        return new ImapBenchmarkFigures(messages, raw, connector, full.Added, commands);
    }

    private static async Task<SyncRun> RunSyncAsync(ConnectorsTestBed bed, Guid account, CancellationToken ct)
    {
        await using var scope = bed.As(bed.Acme);
        var run = await scope.ServiceProvider.GetRequiredService<SyncRunner>().RunAsync(account, SyncTrigger.Manual, ct);
        run.Status.ShouldBe(SyncRunStatus.Succeeded, run.ErrorMessage);
        return run;
    }

    private static async Task AppendAsync(DovecotServer server, string user, int count, CancellationToken ct)
    {
        using var client = await server.LoginAsync(user, Password);
        foreach (var chunk in Enumerable.Range(1, count).Chunk(500))
        {
            var requests = chunk.Select(i => (IAppendRequest)new AppendRequest(ImapTestBed.Message($"Ticket {i}",
                $"Hello,\n\nthis is message {i} of the benchmark mailbox. " + string.Concat(Enumerable.Repeat("Some body text. ", 40)),
                date: DateTimeOffset.UtcNow.AddMinutes(-i)), MessageFlags.None)).ToList();
            await client.Inbox.AppendAsync(requests, ct);
        }

        await client.DisconnectAsync(true, ct);
    }

    /// <summary>The baseline: envelopes in one FETCH, then every message body in one FETCH, parsed for its text.</summary>
    private static async Task<TimeSpan> RawFetchAsync(DovecotServer server, string user, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var client = new ImapClient();
        await client.ConnectAsync(DovecotServer.Host, server.ImapPort, SecureSocketOptions.None, ct);
        await client.AuthenticateAsync(user, Password, ct);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, ct);
        var summaries = await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope, ct);
        var characters = 0L;
        await ((ImapFolder)client.Inbox).GetStreamsAsync(summaries.Select(s => s.UniqueId).ToList(), async (_, _, _, stream, token) =>
        {
            var message = await MimeMessage.LoadAsync(stream, token);
            characters += message.TextBody?.Length ?? 0;
        }, ct);
        await client.DisconnectAsync(true, ct);
        characters.ShouldBeGreaterThan(0);
        return clock.Elapsed;
    }

    [GeneratedRegex(@"^C: [A-Z0-9]+ ([A-Z]+(?: [A-Z]+)?[^\r\n]{0,60})", RegexOptions.Multiline)]
    private static partial Regex CommandPattern();
}
