namespace Connectors.Domain.Tenancy;

/// <summary>Raised when a save would touch a row of a tenant other than the current one.</summary>
public sealed class CrossTenantWriteException(string entity)
    : InvalidOperationException($"Refused to save a {entity} that belongs to another tenant.");
