namespace Connectors.Domain.Errors;

/// <summary>Base of the failures a connector reports; the type decides retry behaviour.
/// Messages are shown to admins: they must never contain a secret.</summary>
public abstract class ConnectorException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Credentials bad or revoked: no retry, the account needs reconnecting.</summary>
public sealed class ConnectorAuthException(string message, Exception? inner = null) : ConnectorException(message, inner);

/// <summary>A transient provider or network failure: retried with backoff.</summary>
public sealed class ConnectorApiException(string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : ConnectorException(message, inner)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The account's settings are wrong (a folder that does not exist, a bad base URL).</summary>
public sealed class ConnectorConfigurationException(string message, Exception? inner = null) : ConnectorException(message, inner)
{
    /// <summary>The HTTP status the provider answered with (a 404, a 400) when the provider's answer is the failure;
    /// null when the product refused first (the host guard, a URL's shape).</summary>
    public int? ProviderStatus { get; init; }
}
