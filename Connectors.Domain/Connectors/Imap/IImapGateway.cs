using Connectors.Domain.Errors;
using MimeKit;

namespace Connectors.Domain.Connectors.Imap;

/// <summary>How the connector signs in: a password, or an OAuth2 access token (SASL XOAUTH2).</summary>
public sealed record ImapCredential(string? Password, string? AccessToken);

/// <summary>A folder's name with the numbers that tell whether anything is new: UIDVALIDITY, UIDNEXT and — on a server with
/// CONDSTORE — HIGHESTMODSEQ (0 when not offered), which moves with any change, a deletion included.</summary>
public sealed record ImapFolderStatus(string Name, uint UidValidity, uint UidNext, ulong HighestModSeq = 0);

/// <summary>The UIDs a QRESYNC open reported as vanished, and the folder's modification sequence now.</summary>
public sealed record ImapVanished(IReadOnlyList<uint> Uids, ulong HighestModSeq);

/// <summary>Opens signed-in mailbox sessions: MailKit against a real server, or the offline fake ping.</summary>
public interface IImapGateway
{
    /// <summary>Connects and signs in; throws <see cref="ConnectorAuthException"/>,
    /// <see cref="ConnectorApiException"/> (unreachable, timeout) or
    /// <see cref="ConnectorConfigurationException"/> (certificate, host refused) with a message that says which.</summary>
    Task<IImapMailbox> OpenAsync(ImapAccountSettings settings, ImapCredential credential, CancellationToken ct);
}

/// <summary>A signed-in session, the primitives a sync needs.</summary>
public interface IImapMailbox : IAsyncDisposable
{
    /// <summary>Every selectable folder with UIDVALIDITY and UIDNEXT (one LIST-STATUS where supported).</summary>
    Task<IReadOnlyList<ImapFolderStatus>> ListFoldersAsync(CancellationToken ct);

    /// <summary>UIDs above <paramref name="afterUid"/> and at most <paramref name="upToUid"/> (no upper bound when
    /// null), optionally only mail since a date, ascending.</summary>
    Task<IReadOnlyList<uint>> SearchAsync(string folder, uint afterUid, uint? upToUid, DateTime? since, CancellationToken ct);

    /// <summary>The whole messages for these UIDs in one FETCH, each turned by <paramref name="read"/> into what
    /// the caller keeps as it arrives (so the parsed message is dropped at once), in UID order.</summary>
    Task<IReadOnlyList<T>> FetchAsync<T>(string folder, IReadOnlyList<uint> uids, Func<uint, MimeMessage, T> read, CancellationToken ct);

    Task NoopAsync(CancellationToken ct);

    /// <summary>True when the session has QRESYNC enabled (the server offers it and it is not switched off).</summary>
    bool QuickResync { get; }

    /// <summary>Opens the folder with QRESYNC from <paramref name="modSeq"/>: the UIDs expunged since then (VANISHED
    /// EARLIER). Only when <see cref="QuickResync"/>.</summary>
    Task<ImapVanished> VanishedSinceAsync(string folder, uint uidValidity, ulong modSeq, CancellationToken ct);
}
