namespace Connectors.Domain.Data;

/// <summary>Audit columns filled by the DbContext on save.</summary>
public interface IAuditedEntity
{
    DateTime CreatedAt { get; set; }
    string? CreatedBy { get; set; }
    DateTime UpdatedAt { get; set; }
    string? UpdatedBy { get; set; }
}

/// <summary>A provider-neutral optimistic concurrency token, renewed on every update.</summary>
public interface IConcurrencyStamped
{
    Guid ConcurrencyStamp { get; set; }
}
