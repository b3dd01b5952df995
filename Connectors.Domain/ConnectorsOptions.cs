namespace Connectors.Domain;

/// <summary>The <c>Connectors</c> configuration section.</summary>
public sealed class ConnectorsOptions
{
    public const string Section = "Connectors";

    /// <summary>Where the app is reachable; OAuth redirect URIs are built from it.</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:5030");

    public int DefaultCadenceMinutes { get; set; } = 15;

    public Dictionary<string, int> PerConnectorCadence { get; set; } = [];

    public int OAuthStateTtlSeconds { get; set; } = 600;

    public NetworkOptions Network { get; set; } = new();

    /// <summary>Scheduled connection checks.</summary>
    public ChecksOptions Checks { get; set; } = new();

    /// <summary>A connector's check cadence in minutes, by connector key (an account's own wins).</summary>
    public Dictionary<string, int> PerConnectorCheckMinutes { get; set; } = [];

    /// <summary>The SMTP server email notifications go through.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    public NotificationOptions Notifications { get; set; } = new();

    public PreviewOptions Preview { get; set; } = new();

    /// <summary>The deletion brake (<c>Connectors:Deletions</c>).</summary>
    public DeletionOptions Deletions { get; set; } = new();

    public sealed class DeletionOptions
    {
        /// <summary>A run removing more than this share of an account's documents (and more than <see cref="HoldFloor"/>)
        /// removes nothing and is held for a decision.</summary>
        public double HoldShare { get; set; } = 0.2;

        /// <summary>Up to this many removals in one run always go through.</summary>
        public int HoldFloor { get; set; } = 50;
    }

    public Uri OAuthCallbackUri => new(PublicBaseUrl, "/connectors/oauth/callback");

    public sealed class ChecksOptions
    {
        /// <summary>Every Active account's connection is checked this often unless its connector or the account
        /// says otherwise.</summary>
        public int DefaultMinutes { get; set; } = 360;

        /// <summary>How often a node looks for due checks.</summary>
        public int SweepSeconds { get; set; } = 60;

        /// <summary>How many probes of one batch run at once.</summary>
        public int Parallelism { get; set; } = 4;
    }

    public sealed class SmtpOptions
    {
        /// <summary>Without a host, email channels can be set up but their deliveries fail with a clear reason.</summary>
        public string? Host { get; set; }

        public int Port { get; set; } = 25;

        /// <summary><c>none</c>, <c>starttls</c> or <c>ssl</c>.</summary>
        public string Security { get; set; } = "starttls";

        public string Sender { get; set; } = "connectors@localhost";

        public string? Username { get; set; }

        /// <summary>A secret: from configuration (environment, user secrets, a key vault provider), never logged.</summary>
        public string? Password { get; set; }
    }

    public sealed class PreviewOptions
    {
        /// <summary>How long one preview (sign-in, listing, reading the newest items) may take.</summary>
        public int TimeoutSeconds { get; set; } = 30;
    }

    public sealed class NotificationOptions
    {
        /// <summary>At most one notification per account and event kind in this many minutes.</summary>
        public int DedupMinutes { get; set; } = 60;

        /// <summary>The waits in seconds before the 2nd, 3rd, 4th and 5th attempt of a delivery, comma-separated
        /// (a string: the configuration binder appends to an array's defaults instead of replacing them).</summary>
        public string RetryDelaysSeconds { get; set; } = "10,60,300,1800";

        public IReadOnlyList<TimeSpan> RetryDelays =>
            [.. RetryDelaysSeconds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => TimeSpan.FromSeconds(int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)))];

        /// <summary>How often a node hands new events to the channels and sends due deliveries.</summary>
        public int PollSeconds { get; set; } = 5;

        /// <summary>How long one webhook or email attempt may take.</summary>
        public int TimeoutSeconds { get; set; } = 10;
    }

    public sealed class NetworkOptions
    {
        /// <summary>Allows connector hosts on private and loopback addresses (Development and tests).</summary>
        public bool AllowPrivateHosts { get; set; }
    }
}
