namespace Connectors.Domain.Connectors.Imap;

/// <summary>The <c>Connectors:Imap</c> section.</summary>
public sealed class ImapOptions
{
    public const string Section = "Connectors:Imap";

    /// <summary>Offline stand-in for the server (browser tests, demos). Refused in Production.
    /// Also switched on by the configuration key (environment variable) <c>CONNECTOR_IMAP_FAKE_PING=true</c>.</summary>
    public bool FakePing { get; set; }

    public int ConnectTimeoutSeconds { get; set; } = 10;

    public int AuthTimeoutSeconds { get; set; } = 15;

    public int HealthTimeoutSeconds { get; set; } = 2;

    /// <summary>Messages fetched per FETCH command during a sync.</summary>
    public int BatchSize { get; set; } = 500;
}
