using System.Text.Json.Nodes;

namespace Connectors.Domain.Installations;

/// <summary>What a connector is told about the account it works for. <see cref="Config"/> is the
/// non-secret configuration (secrets are read from the vault); <see cref="ProjectKey"/> is resolved.</summary>
public sealed record ConnectorAccount(
    Guid Id,
    Guid TenantId,
    string ConnectorKey,
    string Label,
    string ProjectKey,
    JsonObject Config);
