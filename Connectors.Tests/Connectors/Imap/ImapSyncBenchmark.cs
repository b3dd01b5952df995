using System.Diagnostics;
using System.Text.RegularExpressions;
using Connectors.Domain.Data;
using Connectors.Domain.Sync;
using Connectors.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>What one benchmark run measured: the median raw and connector times over its rounds. Memory is the process's working set: idle just before the
/// connector's sync (after a full, compacting collection), peak the highest sample taken every 50 ms during it (the round that rose most).</summary>
public sealed record ImapBenchmarkFigures(
    int Messages, TimeSpan Raw, TimeSpan Connector, int Documents, IReadOnlyList<string> IdleSyncCommands, MemoryFigures Memory,
    IReadOnlyList<double> RoundRatios)
{
    /// <summary>Connector speed as a fraction of raw MailKit speed (1.0 = as fast): the median of the rounds' ratios,
    /// each round's two timings taken back to back under the same load.</summary>
    public double Ratio => RoundRatios.Order().ElementAt(RoundRatios.Count / 2);

    public double DocumentsPerSecond => Documents / Connector.TotalSeconds;

    public override string ToString() =>
        $"{Messages} messages: raw MailKit fetch {Raw.TotalSeconds:F2} s, connector full sync into SQLite {Connector.TotalSeconds:F2} s " +
        $"({DocumentsPerSecond:F0} documents/s), ratio {Ratio:F2} (median of {RoundRatios.Count} round(s); per round " +
        $"{string.Join(" ", RoundRatios.Select(r => r.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}); {Memory}; load average {LoadAverage.Read()}; " +
        $"idle incremental sync sent {IdleSyncCommands.Count} IMAP command(s): {string.Join(", ", IdleSyncCommands)}";
}

/// <summary>Working set idle and at its peak during the sync, and the largest managed heap seen.</summary>
public sealed record MemoryFigures(long IdleBytes, long PeakBytes, long IdleManagedBytes, long PeakManagedBytes, long LiveManagedAfterBytes)
{
    public long AboveIdleBytes => PeakBytes - IdleBytes;

    public override string ToString() =>
        $"working set idle {Mb(IdleBytes)} MB, peak {Mb(PeakBytes)} MB (+{Mb(AboveIdleBytes)} MB), managed heap idle {Mb(IdleManagedBytes)} MB, peak {Mb(PeakManagedBytes)} MB, live after the sync {Mb(LiveManagedAfterBytes)} MB, " +
        $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC";

    private static long Mb(long bytes) => bytes / (1024 * 1024);
}

/// <summary>Samples the process's working set and managed heap until disposed.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private readonly long _idle;
    private readonly long _idleManaged;
    private long _peak;
    private long _peakManaged;

    private MemorySampler()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        _idle = WorkingSet();
        _idleManaged = GC.GetTotalMemory(forceFullCollection: false);
        _peak = _idle;
        _sampling = Task.Run(SampleAsync);
    }

    public static MemorySampler Start() => new();

    public async Task<MemoryFigures> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        Sample();
        return new MemoryFigures(_idle, _peak, _idleManaged, _peakManaged, GC.GetTotalMemory(forceFullCollection: true));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _sampling;
        }

        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Sample()
    {
        _peak = Math.Max(_peak, WorkingSet());
        _peakManaged = Math.Max(_peakManaged, GC.GetTotalMemory(forceFullCollection: false));
    }

    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}

/// <summary>
/// Full sync through the connector into the database against a raw MailKit fetch of the same
/// messages' envelopes and text bodies, plus the IMAP commands of an incremental sync with no new mail.
/// </summary>
public static partial class ImapSyncBenchmark
{
    private const string Password = "bench-Passw0rd";

    public static async Task<ImapBenchmarkFigures> RunAsync(DovecotServer server, int messages, int rounds, CancellationToken ct)
    {
        var user = await server.AddUserAsync("bench", Password);
        await AppendAsync(server, user, messages, ct);
        var warmUp = await server.AddUserAsync("warm", Password);
        await AppendAsync(server, warmUp, 20, ct);

        var log = new CapturingProtocolLoggers();
        // Production logging levels: the test bed's trace-level capture would otherwise dominate the timing.
        await using var bed = await ImapTestBed.CreateAsync(configure: s => s
            .AddSingleton<global::Connectors.Domain.Connectors.Imap.IProtocolLoggerFactory>(log)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning)));

        // Both paths once on a small mailbox first, so neither timing includes first-time JIT compilation; then
        // alternating rounds (a fresh account each, so every connector round is a first, full sync), the medians
        // compared: on a shared machine one pair of timings says little.
        log.Enabled = false;
        await RawFetchAsync(server, warmUp, ct);
        await RunSyncAsync(bed, await AccountAsync(bed, server, "Warm-up", warmUp), ct);
        var raws = new List<TimeSpan>();
        var connectors = new List<TimeSpan>();
        MemoryFigures? memory = null;
        Guid account = default;
        SyncRun? full = null;
        for (var round = 1; round <= rounds; round++)
        {
            if (round > 1)
            {
                await ClearDocumentsAsync(bed, ct); // Every round writes into the same table size.
            }

            raws.Add(await RawFetchAsync(server, user, ct));
            account = await AccountAsync(bed, server, $"Bench {round}", user);
            await using var sampler = MemorySampler.Start();
            var clock = Stopwatch.StartNew();
            full = await RunSyncAsync(bed, account, ct);
            connectors.Add(clock.Elapsed);
            var sampled = await sampler.StopAsync();
            memory = memory is null || sampled.AboveIdleBytes > memory.AboveIdleBytes ? sampled : memory;
        }

        log.Enabled = true;
        var before = log.Transcript.Length;
        var idle = await RunSyncAsync(bed, account, ct);
        idle.Added.ShouldBe(0);
        var commands = CommandPattern().Matches(log.Transcript[before..]).Select(m => m.Groups[1].Value).ToList();
        return new ImapBenchmarkFigures(messages, Median(raws), Median(connectors), full!.Added, commands, memory!,
            [.. raws.Zip(connectors, (r, c) => r.TotalSeconds / c.TotalSeconds)]);
    }

    private static async Task ClearDocumentsAsync(ConnectorsTestBed bed, CancellationToken ct)
    {
        await using var scope = bed.As(bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        await db.Documents.ExecuteDeleteAsync(ct);
    }

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    private static async Task<Guid> AccountAsync(ConnectorsTestBed bed, DovecotServer server, string label, string user) =>
        (await bed.CreateAccountAsync(bed.Acme, label, ImapTestBed.Basic(DovecotServer.Host, server.ImapPort, "none", false, user, Password))).AccountId;

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
