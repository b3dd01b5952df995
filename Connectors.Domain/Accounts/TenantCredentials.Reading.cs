using System.Text.Json.Nodes;
using Connectors.Domain.Auditing;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Credentials;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Connectors.Domain.Vault;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Accounts;

/// <summary>How <see cref="TenantCredentials"/> reads and shows what is stored: names, users, views.</summary>
public sealed partial class TenantCredentials
{
    /// <summary>The credential's stored connection fields as form values.</summary>
    private static IReadOnlyDictionary<string, object?> Stored(FormSchema form, TenantCredential credential) =>
        FormPrefill.FromConfig(form, new JsonObject { [CredentialResolution.ConnectionKey] = JsonNode.Parse(credential.ConnectionJson) });

    private static JsonObject Connection(RoutedSubmission routed) =>
        routed.Config[CredentialResolution.ConnectionKey]?.DeepClone() as JsonObject ?? [];

    private static string? ParseName(string? name, Dictionary<string, string> errors)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors.TryAdd("name", "Name is required.");
            return null;
        }

        if (trimmed.Length > TenantCredential.NameMaxLength || trimmed.Any(char.IsControl))
        {
            errors.TryAdd("name", $"Name must be at most {TenantCredential.NameMaxLength} characters, without control characters.");
            return null;
        }

        return trimmed;
    }

    private static async Task<ILookup<Guid, CredentialUser>> UsersAsync(ConnectorsDbContext db, Guid? id, CancellationToken ct) =>
        (await db.Installations.AsNoTracking()
            .Where(i => i.CredentialId != null && (id == null || i.CredentialId == id))
            .OrderBy(i => i.Label)
            .Select(i => new { CredentialId = i.CredentialId!.Value, User = new CredentialUser(i.Id, i.Label, i.Status) })
            .ToListAsync(ct))
        .ToLookup(u => u.CredentialId, u => u.User);

    private static async Task<TenantCredential> LoadAsync(ConnectorsDbContext db, Guid id, CancellationToken ct) =>
        await db.TenantCredentials.SingleOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new NotFoundException($"Credential {id} does not exist in this tenant.");

    private TenantCredentialView View(TenantCredential c, IEnumerable<CredentialUser> users)
    {
        var connector = registry.Find(c.ConnectorKey);
        return new TenantCredentialView(
            c.Id, c.ConnectorKey, connector?.DisplayName ?? c.ConnectorKey, c.Name,
            JsonNode.Parse(c.ConnectionJson) as JsonObject ?? [],
            c.Version, c.TestStatus.ToString().ToLowerInvariant(), c.TestMessage, c.TestedAt, c.CreatedAt, c.UpdatedAt, [.. users]);
    }
}
