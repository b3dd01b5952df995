using Connectors.Domain.Errors;
using MimeKit;

namespace Connectors.Domain.Connectors.Imap;

/// <summary>How the connector signs in: a password, or an OAuth2 access token (SASL XOAUTH2).</summary>
public sealed record ImapCredential(string? Password, string? AccessToken);

/// <summary>A folder's name with the two numbers that tell whether anything is new.</summary>
public sealed record ImapFolderStatus(string Name, uint UidValidity, uint UidNext);

public sealed record FetchedMessage(uint Uid, MimeMessage Message);

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

    /// <summary>The whole messages for these UIDs in one FETCH.</summary>
    Task<IReadOnlyList<FetchedMessage>> FetchAsync(string folder, IReadOnlyList<uint> uids, CancellationToken ct);

    Task NoopAsync(CancellationToken ct);
}
