namespace Connectors.Domain.Connectors.Imap;

/// <summary>The <c>Connectors:Imap</c> section.</summary>
public sealed class ImapOptions
{
    public const string Section = "Connectors:Imap";

    /// <summary>Offline stand-in for the server (browser tests, demos). Refused in Production.
    /// Also switched on by the configuration key (environment variable) <c>CONNECTOR_IMAP_FAKE_PING=true</c>.</summary>
    public bool FakePing { get; set; }

    /// <summary>How long each FETCH of the fake ping mailbox takes (0 by default), so a demo or a browser
    /// test can watch a sync's progress (with <see cref="BatchSize"/> 1, one message per FETCH).</summary>
    public int FakePingFetchDelayMs { get; set; }

    public int ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>How long connecting and signing in may take.</summary>
    public int AuthTimeoutSeconds { get; set; } = 15;

    /// <summary>How long each command after sign-in (LIST, SEARCH, FETCH) may take. A SEARCH or FETCH is
    /// bounded by <see cref="SearchWindow"/> and <see cref="BatchSize"/>, so this holds whatever the folder's size.</summary>
    public int CommandTimeoutSeconds { get; set; } = 120;

    /// <summary>UIDs one SEARCH covers: a folder is walked in UID ranges of this width, so no single command
    /// has to consider the whole mailbox.</summary>
    public int SearchWindow { get; set; } = 5_000;

    public int HealthTimeoutSeconds { get; set; } = 2;

    /// <summary>Messages fetched per FETCH command during a sync.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Asks a server that offers it for QRESYNC (RFC 7162): each sync then learns the messages deleted since
    /// the last one from the server's VANISHED answer, at no extra cost.</summary>
    public bool UseQuickResync { get; set; } = true;

    /// <summary>Without QRESYNC, how often a folder's UIDs are listed (in <see cref="SearchWindow"/> ranges) and compared
    /// with the stored messages to find the deleted ones.</summary>
    public int DeletionCheckMinutes { get; set; } = 360;
}
