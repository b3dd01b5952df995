using Connectors.Domain.Errors;
using MimeKit;

namespace Connectors.Domain.Connectors.Imap;

/// <summary>
/// The offline stand-in (fake ping): no socket is opened. A host containing
/// <c>invalid</c> or <c>fail</c> fails the login; anything else signs in to a mailbox holding the
/// same small fixed set of synthetic messages in its INBOX, next to a few empty folders (so the
/// folder settings have something to discover).
/// </summary>
public sealed class FakePingImapGateway(TimeSpan fetchDelay) : IImapGateway
{
    public FakePingImapGateway()
        : this(TimeSpan.Zero)
    {
    }

    public const uint UidValidity = 1;

    /// <summary>The folders of every fake mailbox; only INBOX holds messages.</summary>
    public static readonly IReadOnlyList<string> Folders = ["INBOX", "Archive", "Sent", "Trash"];

    public Task<IImapMailbox> OpenAsync(ImapAccountSettings settings, ImapCredential credential, CancellationToken ct)
    {
        var host = settings.Host.ToLowerInvariant();
        return host.Contains("invalid", StringComparison.Ordinal) || host.Contains("fail", StringComparison.Ordinal)
            ? throw new ConnectorAuthException($"The IMAP server refused the login: Authentication failed (fake ping: host '{settings.Host}').")
            : Task.FromResult<IImapMailbox>(new Mailbox(settings.Username, fetchDelay));
    }

    /// <summary>The synthetic messages every fake mailbox holds.</summary>
    public static IReadOnlyList<MimeMessage> Messages(string mailbox) =>
    [
        Message(mailbox, 1, "Welcome to the fake mailbox", "This message comes from the IMAP fake ping; no server was contacted."),
        Message(mailbox, 2, "Invoice 2026-0042", "Please find the invoice details below.\nTotal: 120.00 EUR"),
        Message(mailbox, 3, "Support request: cannot sign in", "Hello, I cannot sign in since this morning. Can you help?"),
    ];

    /// <summary>The user name as the recipient when it is an address; any other text a user may type as a
    /// user name (it is not validated as an address) gets a stand-in address instead of failing the sign-in.</summary>
    private static MailboxAddress Recipient(string username) =>
        MailboxAddress.TryParse(username.Contains('@') ? username : $"{username}@fake-ping.test", out var address)
            ? address
            : new MailboxAddress(username, "mailbox@fake-ping.test");

    private static MimeMessage Message(string mailbox, int n, string subject, string body)
    {
        var message = new MimeMessage(
            [new MailboxAddress($"Sender {n}", $"sender{n}@fake-ping.test")], [Recipient(mailbox)],
            subject, new TextPart("plain") { Text = body })
        {
            MessageId = $"fake-{n}@fake-ping.test",
            Date = new DateTimeOffset(2026, 1, n, 9, 0, 0, TimeSpan.Zero),
        };
        return message;
    }

    private sealed class Mailbox(string username, TimeSpan fetchDelay) : IImapMailbox
    {
        private readonly IReadOnlyList<MimeMessage> _messages = Messages(username);

        /// <summary>The fake's mail never changes: nothing vanishes, and deletions are checked by listing UIDs.</summary>
        public bool QuickResync => false;

        public Task<ImapVanished> VanishedSinceAsync(string folder, uint uidValidity, ulong modSeq, CancellationToken ct) =>
            Task.FromResult(new ImapVanished([], modSeq));

        public Task<IReadOnlyList<ImapFolderStatus>> ListFoldersAsync(CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<ImapFolderStatus>>([.. Folders.Select(f => new ImapFolderStatus(f, UidValidity, IsInbox(f) ? (uint)_messages.Count + 1 : 1))]);

        public Task<IReadOnlyList<uint>> SearchAsync(string folder, uint afterUid, uint? upToUid, DateTime? since, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<uint>>(IsInbox(folder)
                ? [.. Enumerable.Range(1, _messages.Count).Select(i => (uint)i).Where(u => u > afterUid && (upToUid is null || u <= upToUid))]
                : []);

        public async Task<IReadOnlyList<T>> FetchAsync<T>(string folder, IReadOnlyList<uint> uids, Func<uint, MimeMessage, T> read, CancellationToken ct)
        {
            if (fetchDelay > TimeSpan.Zero)
            {
                await Task.Delay(fetchDelay, ct);
            }

            return [.. uids.Order().Select(u => read(u, _messages[(int)u - 1]))];
        }

        public Task NoopAsync(CancellationToken ct) => Task.CompletedTask;

        private static bool IsInbox(string folder) => string.Equals(folder, "INBOX", StringComparison.OrdinalIgnoreCase);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
