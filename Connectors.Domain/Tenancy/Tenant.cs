namespace Connectors.Domain.Tenancy;

/// <summary>A customer organisation. Not tenant-filtered: it is the tenant.</summary>
public sealed class Tenant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Slug { get; set; }
    public required string Name { get; set; }
    /// <summary>The project key accounts without an explicit binding ingest into.</summary>
    public string? DefaultProjectKey { get; set; }
    public DateTime CreatedAt { get; set; }
}
