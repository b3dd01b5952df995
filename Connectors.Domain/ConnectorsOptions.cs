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

    public Uri OAuthCallbackUri => new(PublicBaseUrl, "/connectors/oauth/callback");

    public sealed class NetworkOptions
    {
        /// <summary>Allows connector hosts on private and loopback addresses (Development and tests).</summary>
        public bool AllowPrivateHosts { get; set; }
    }
}
