using System.Text.Json.Nodes;
using Connectors.Domain.Installations;

namespace Connectors.Domain.Accounts;

/// <summary>A tenant credential as pages, the API and the CLI show it: never a secret, only its connection fields.</summary>
public sealed record TenantCredentialView(
    Guid Id,
    string Connector,
    string ConnectorName,
    string Name,
    JsonObject Connection,
    int Version,
    string TestStatus,
    string? TestMessage,
    DateTime? TestedAt,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    IReadOnlyList<CredentialUser> UsedBy);

/// <summary>An account that signs in with a tenant credential.</summary>
public sealed record CredentialUser(Guid AccountId, string Label, InstallationStatus Status);
