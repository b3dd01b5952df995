using Connectors.Domain.Tenancy;

namespace Connectors.Domain.Installations;

/// <summary>
/// A further project an account's documents belong to, beside its own (its binding, or the tenant default). A document
/// is stored once, in the account's project (<c>Document.ProjectKey</c>), and is seen in every target project of its
/// account: adding a target shows the existing documents there without fetching anything, removing one hides them.
/// At most one row per (account, project).
/// </summary>
public sealed class AccountTarget : ITenantOwned
{
    /// <summary>The most further projects one account may have.</summary>
    public const int MaxPerAccount = 20;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InstallationId { get; set; }
    public required string ProjectKey { get; set; }
    public DateTime CreatedAt { get; set; }
}
