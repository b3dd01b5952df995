using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Domain.Auditing;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Credentials;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Connectors.Domain.Vault;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Accounts;

/// <summary>
/// Turns the duplicates that exist from before tenant credentials into them: accounts of one connector whose
/// credential-scoped fields and secrets are identical form a group; each group gets one tenant credential, and its
/// accounts are pointed at it — everything else they hold (label, project, settings, tokens, history) is kept. The
/// secrets are decrypted inside the run only to compare them; what it reports names accounts and fields, never a value of
/// a secret. A dry run changes nothing. Audited.
/// </summary>
public sealed class CredentialConsolidation(
    AccountStore store, TenantCredentials credentials, CredentialVault vault, ActorContext actor, TenantContext tenant, AuditLog audit)
{
    /// <summary>The groups of two or more accounts sharing the same credential, and — unless <paramref name="dryRun"/> —
    /// the credential made for each.</summary>
    public async Task<IReadOnlyList<ConsolidationGroup>> RunAsync(bool dryRun, CancellationToken ct)
    {
        actor.EnsureCanManage();
        var tenantId = tenant.RequireTenantId();
        var groups = new List<ConsolidationGroup>();
        await using var db = store.Open();
        foreach (var (connector, form) in credentials.Offered())
        {
            var candidates = await db.Installations.Where(i => i.ConnectorKey == connector.Key && i.CredentialId == null)
                .OrderBy(i => i.NormalizedLabel).ToListAsync(ct);
            var byKey = new Dictionary<string, List<(ConnectorInstallation Account, JsonObject Connection, Dictionary<string, string> Secrets)>>(StringComparer.Ordinal);
            foreach (var account in candidates)
            {
                var entry = await vault.GetAsync(account.Id, ct);
                var secrets = (entry?.Secrets ?? new Dictionary<string, string>())
                    .Where(s => form.Find(s.Key) is not null).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
                var connection = new JsonObject();
                foreach (var (name, value) in AccountStore.Config(account)[FormRouter.ConnectionKey] as JsonObject ?? [])
                {
                    if (form.Find(name) is not null)
                    {
                        connection[name] = value?.DeepClone();
                    }
                }

                if (secrets.Count == 0 || connection.Count == 0)
                {
                    continue; // Nothing shareable: an OAuth account, or one that never stored its credentials.
                }

                var key = Fingerprint(connection, secrets);
                if (!byKey.TryGetValue(key, out var group))
                {
                    byKey[key] = group = [];
                }

                group.Add((account, connection, secrets));
            }

            foreach (var group in byKey.Values.Where(g => g.Count > 1))
            {
                var name = await UniqueNameAsync(db, connector.Key, $"{connector.DisplayName}: {Describe(group[0].Connection)}", groups, ct);
                var accounts = group.Select(g => g.Account.Label).ToList();
                Guid? id = null;
                if (!dryRun)
                {
                    var credential = new TenantCredential { ConnectorKey = connector.Key, TenantId = tenantId, ConnectionJson = group[0].Connection.ToJsonString() };
                    credential.Rename(name);
                    db.TenantCredentials.Add(credential);
                    audit.Record(db, "credential.created", "credential", credential.Id.ToString(),
                        $"Created the {connector.DisplayName} credential '{name}' from {group.Count} accounts that shared it.");
                    await db.SaveChangesAsync(ct);
                    await vault.SetTenantSecretsAsync(tenantId, credential.Id, group[0].Secrets, ct);
                    foreach (var (account, _, _) in group)
                    {
                        account.CredentialId = credential.Id;
                        var config = AccountStore.Config(account);
                        if (config[FormRouter.ConnectionKey] is JsonObject own)
                        {
                            foreach (var field in own.Select(p => p.Key).Where(n => form.Find(n) is not null).ToList())
                            {
                                own.Remove(field);
                            }

                            if (own.Count == 0)
                            {
                                config.Remove(FormRouter.ConnectionKey);
                            }
                        }

                        account.ConfigJson = config.ToJsonString();
                        audit.Record(db, "account.credentials_changed", "account", account.Id.ToString(),
                            $"'{account.Label}' now signs in with the tenant credential '{name}' (consolidated).");
                    }

                    await db.SaveChangesAsync(ct);
                    foreach (var (account, _, _) in group)
                    {
                        // Re-stored without the credential's keys: they are the credential's now.
                        var own = await vault.GetAsync(account.Id, ct);
                        await vault.SetSecretsAsync(account.Id, own?.Secrets ?? new Dictionary<string, string>(), ct);
                    }

                    id = credential.Id;
                }

                groups.Add(new ConsolidationGroup(connector.Key, name, id, accounts));
            }
        }

        audit.Record(db, "credentials.consolidated", "tenant", tenantId.ToString(), dryRun
            ? $"Consolidation dry run: {groups.Count} group(s) of accounts sharing a credential found; nothing changed."
            : $"Consolidated {groups.Sum(g => g.Accounts.Count)} account(s) into {groups.Count} tenant credential(s).");
        await db.SaveChangesAsync(ct);
        return groups;
    }

    /// <summary>A digest of the fields and secrets, in a fixed order: equal credentials, equal digests; never stored.</summary>
    private static string Fingerprint(JsonObject connection, Dictionary<string, string> secrets)
    {
        var canonical = JsonSerializer.Serialize(new
        {
            connection = connection.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new[] { p.Key, p.Value?.ToJsonString() ?? "null" }),
            secrets = secrets.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new[] { p.Key, p.Value }),
        });
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The identity the accounts share, in a few words: a user name or email, else a site or a host.</summary>
    private static string Describe(JsonObject connection)
    {
        string? Text(string name) => connection[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
        var said = Text("username") ?? Text("email") ?? Text("host") ?? Text("base_url") ?? Text("server_url")
            ?? connection.Select(p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).FirstOrDefault(s => s is { Length: > 0 })
            ?? "shared";
        return said.Length > 50 ? said[..50] : said;
    }

    private static async Task<string> UniqueNameAsync(
        Data.ConnectorsDbContext db, string connectorKey, string wanted, List<ConsolidationGroup> planned, CancellationToken ct)
    {
        var name = wanted.Length > TenantCredential.NameMaxLength - 4 ? wanted[..(TenantCredential.NameMaxLength - 4)] : wanted;
        var taken = (await db.TenantCredentials.Where(c => c.ConnectorKey == connectorKey).Select(c => c.NormalizedName).ToListAsync(ct))
            .Concat(planned.Where(g => g.Connector == connectorKey).Select(g => g.Name.ToUpperInvariant()))
            .ToHashSet(StringComparer.Ordinal);
        var candidate = name;
        for (var n = 2; taken.Contains(candidate.Normalize(NormalizationForm.FormC).ToUpperInvariant()); n++)
        {
            candidate = $"{name} ({n})";
        }

        return candidate;
    }
}

/// <summary>Accounts that share one credential: the tenant credential proposed (and its id once made).</summary>
public sealed record ConsolidationGroup(string Connector, string Name, Guid? CredentialId, IReadOnlyList<string> Accounts);
