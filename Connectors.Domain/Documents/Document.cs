using Connectors.Domain.Tenancy;

namespace Connectors.Domain.Documents;

/// <summary>A piece of knowledge ingested into a project. Unique per (account, external id);
/// an account deleted with "keep documents" leaves them with no account link.</summary>
public sealed class Document : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string ProjectKey { get; set; }
    public Guid? InstallationId { get; set; }
    public required string ConnectorKey { get; set; }
    public required string ExternalId { get; set; }
    public required string Title { get; set; }
    public string Content { get; set; } = "";
    public required string ContentHash { get; set; }
    public string MimeType { get; set; } = "text/plain";
    public string? SourceUrl { get; set; }
    public string? Author { get; set; }
    public DateTime? SourceCreatedAt { get; set; }
    public DateTime? SourceUpdatedAt { get; set; }
    public DateTime IngestedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
