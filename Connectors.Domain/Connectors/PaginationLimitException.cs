using Connectors.Domain.Errors;

namespace Connectors.Domain.Connectors;

/// <summary>Partial success: the provider's pagination limit was reached; what was fetched counts.</summary>
public sealed class PaginationLimitException(string message, SyncResult partial) : ConnectorException(message)
{
    public SyncResult Partial { get; } = partial;
}
