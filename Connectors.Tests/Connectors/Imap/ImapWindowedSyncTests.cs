using System.Text;
using System.Text.RegularExpressions;
using Connectors.Domain.Connectors.Imap;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using MailKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>A folder is walked in bounded UID windows against a real Dovecot (windows of 10 UIDs, batches of
/// 4 messages here): no SEARCH is open-ended whatever the folder's size, and a sync that loses its connection
/// part-way resumes from the last committed batch.</summary>
public sealed partial class ImapWindowedSyncTests(DovecotFixture dovecot) : DovecotTests(dovecot)
{
    private readonly DroppingProtocolLoggers _log = new();

    public override async ValueTask InitializeAsync() =>
        await InitializeBedAsync(ImapTestBed.CreateAsync(
            new Dictionary<string, string?> { ["Connectors:Imap:SearchWindow"] = "10", ["Connectors:Imap:BatchSize"] = "4" },
            services => services.AddSingleton<IProtocolLoggerFactory>(_log)));

    [Fact]
    public async Task Sync_TwentyFiveMessages_SearchesInBoundedUidWindowsNeverOpenEnded()
    {
        var user = await Server.AddUserAsync("windows", Password);
        await Server.AppendAsync(user, Password, "INBOX", Enumerable.Range(1, 25).Select(i => ImapTestBed.Message($"Message {i}", $"Body {i}")));
        var account = (await Bed.CreateAccountAsync(Bed.Acme, "Windows", Mailbox(user))).AccountId;

        var result = await Bed.SyncAsync(Bed.Acme, account);

        (result.Seen, result.Added).ShouldBe((25, 25));
        var searches = UidSearchRanges(_log.Transcript);
        searches.ShouldBe(["1:10", "11:20", "21:25"]);
        (await DocumentCountAsync()).ShouldBe(25);
    }

    [Fact]
    public async Task Sync_ConnectionDropsPartWay_TheNextRunFetchesOnlyWhatWasNotCommitted()
    {
        var user = await Server.AddUserAsync("resume", Password);
        await Server.AppendAsync(user, Password, "INBOX", Enumerable.Range(1, 25).Select(i => ImapTestBed.Message($"Message {i}", $"Body {i}")));
        var account = (await Bed.CreateAccountAsync(Bed.Acme, "Resume", Mailbox(user))).AccountId;
        // The third FETCH never reaches the server: batches 1 and 2 (UIDs 1–8) are committed, the rest is not.
        _log.DropAtFetch(3);

        var dropped = await Should.ThrowAsync<ConnectorApiException>(() => Bed.SyncAsync(Bed.Acme, account));
        var afterDrop = await DocumentCountAsync();
        _log.Clear();
        var resumed = await Bed.SyncAsync(Bed.Acme, account);

        dropped.Message.ShouldNotContain("simulated");
        afterDrop.ShouldBe(8);
        (resumed.Seen, resumed.Added).ShouldBe((17, 17));
        UidSearchRanges(_log.Transcript).First().ShouldBe("9:18");
        FetchedUids(_log.Transcript).Min().ShouldBe(9u);
        (await DocumentCountAsync()).ShouldBe(25);
    }

    private Dictionary<string, object?> Mailbox(string user) =>
        ImapTestBed.Basic(DovecotServer.Host, Server.ImapsPort, "ssl", false, user, Password);

    private async Task<int> DocumentCountAsync()
    {
        await using var scope = Bed.As(Bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.Documents.CountAsync(Ct);
    }

    private static List<string> UidSearchRanges(string transcript) =>
        [.. SearchCommand().Matches(transcript).Select(m => m.Groups[1].Value)];

    private static List<uint> FetchedUids(string transcript) =>
        [.. FetchCommand().Matches(transcript).SelectMany(m => m.Groups[1].Value.Split(','))
            .SelectMany(part => part.Split(':') is [var a, var b] ? Enumerable.Range(int.Parse(a), int.Parse(b) - int.Parse(a) + 1).Select(i => (uint)i) : [uint.Parse(part)])];

    [GeneratedRegex(@"UID SEARCH (?:RETURN \([^)]*\) )?UID (\S+)")]
    private static partial Regex SearchCommand();

    [GeneratedRegex(@"UID FETCH ([0-9,:]+) ")]
    private static partial Regex FetchCommand();

    /// <summary>Records every session's conversation and, on request, drops the connection (an I/O error on
    /// the client side) at the n-th UID FETCH — as a network that fails part-way through a big sync would.</summary>
    private sealed class DroppingProtocolLoggers : IProtocolLoggerFactory
    {
        private readonly List<MemoryStream> _sessions = [];
        private int _dropAt;
        private int _fetches;

        public string Transcript
        {
            get
            {
                lock (_sessions)
                {
                    return string.Join("\n", _sessions.Select(s => Encoding.UTF8.GetString(s.ToArray())));
                }
            }
        }

        public void DropAtFetch(int n) => (_dropAt, _fetches) = (n, 0);

        public void Clear()
        {
            lock (_sessions)
            {
                _sessions.Clear();
            }
        }

        public IProtocolLogger Create()
        {
            var stream = new MemoryStream();
            lock (_sessions)
            {
                _sessions.Add(stream);
            }

            return new Dropping(new ProtocolLogger(stream, leaveOpen: true), this);
        }

        private sealed class Dropping(ProtocolLogger inner, DroppingProtocolLoggers owner) : IProtocolLogger
        {
            [System.Diagnostics.CodeAnalysis.AllowNull]
            public IAuthenticationSecretDetector AuthenticationSecretDetector
            {
                get => inner.AuthenticationSecretDetector!;
                set => inner.AuthenticationSecretDetector = value;
            }

            public void LogConnect(Uri uri) => inner.LogConnect(uri);

            public void LogClient(byte[] buffer, int offset, int count)
            {
                if (owner._dropAt > 0 && Encoding.ASCII.GetString(buffer, offset, count).Contains(" UID FETCH ", StringComparison.Ordinal)
                    && Interlocked.Increment(ref owner._fetches) == owner._dropAt)
                {
                    owner._dropAt = 0;
                    throw new IOException("simulated connection drop");
                }

                inner.LogClient(buffer, offset, count);
            }

            public void LogServer(byte[] buffer, int offset, int count) => inner.LogServer(buffer, offset, count);

            public void Dispose() => inner.Dispose();
        }
    }
}
