using Connectors.Domain.Tenancy;

namespace Connectors.Domain.Projects;

/// <summary>A knowledge-base project: the registry that bindings are validated against.</summary>
public sealed class KbProject : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string Key { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
}
