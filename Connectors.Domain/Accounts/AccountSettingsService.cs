using System.Text.Json.Nodes;
using Connectors.Domain.Auditing;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Accounts;

/// <summary>
/// The account "Settings" action for any connector implementing
/// <see cref="ISupportsSettings"/>: reads the settings with defaults filled in, updates them through the
/// shared validator (stored in config JSON under <c>&lt;name&gt;</c>, a null restores the default) and
/// lists a field's live options. Another tenant's account reads as not found.
/// </summary>
public sealed class AccountSettingsService(
    AccountStore store,
    ConnectorRegistry registry,
    ActorContext actor,
    AuditLog audit)
{
    /// <summary>The settings form and current values of the account (requires the view right).</summary>
    public async Task<AccountSettings> GetAsync(Guid accountId, CancellationToken ct)
    {
        actor.EnsureCanView();
        await using var db = store.Open();
        var installation = await store.LoadAsync(db, accountId, ct);
        return Read(installation, SettingsOf(installation).SettingsForm);
    }

    /// <summary>
    /// Sets the given settings and leaves the others as they are (requires the manage right). Each value is
    /// validated like any form value: unknown keys and wrong types are rejected, lists trimmed, de-duplicated
    /// and stripped of blanks, numbers kept in range; a null (or blank) removes the key so the default applies.
    /// Throws <see cref="ValidationFailedException"/> keyed by field name; nothing is saved then.
    /// </summary>
    public async Task<AccountSettings> UpdateAsync(Guid accountId, IReadOnlyDictionary<string, object?> values, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using var db = store.Open();
        var installation = await store.LoadAsync(db, accountId, ct);
        var form = SettingsOf(installation).SettingsForm;
        var config = AccountStore.Config(installation);
        // Validated together with what is stored, so required fields and showIf see the whole form.
        var merged = new Dictionary<string, object?>(FormPrefill.FromConfig(form, config), StringComparer.Ordinal);
        foreach (var (name, raw) in values)
        {
            merged[name] = raw;
        }

        var validated = FormValidator.Validate(form, merged);
        if (!validated.IsValid)
        {
            throw new ValidationFailedException(validated.Errors);
        }

        var changed = new List<string>();
        foreach (var (name, raw) in values)
        {
            // Blank restores the default; a field hidden by an unmet showIf is dropped, never persisted.
            var node = !FormValueCoercion.IsBlank(raw) && validated.Values.TryGetValue(name, out var value) ? FormRouter.ToNode(value) : null;
            if (JsonNode.DeepEquals(config[name], node) && (node is not null || !config.ContainsKey(name)))
            {
                continue;
            }

            changed.Add(node is null ? $"{name} (reset to default)" : name);
            if (node is null)
            {
                config.Remove(name);
            }
            else
            {
                config[name] = node;
            }
        }

        if (changed.Count > 0)
        {
            installation.ConfigJson = config.ToJsonString();
            audit.Record(db, "account.settings.updated", "account", accountId.ToString(),
                $"Settings of '{installation.Label}' changed: {string.Join(", ", changed)}.");
            await SaveAsync(db, ct);
        }

        return Read(installation, form);
    }

    /// <summary>The live options of <paramref name="fieldName"/> (requires the manage right: the connector
    /// signs in with the account's stored credentials). A provider failure comes back as
    /// <see cref="DiscoveryResult.Failed"/> with the connector's reason, never as an empty list.</summary>
    public async Task<DiscoveryResult> DiscoverAsync(Guid accountId, string fieldName, CancellationToken ct)
    {
        actor.EnsureCanManage();
        ConnectorAccount account;
        ISupportsSettings connector;
        await using (var db = store.Open())
        {
            var installation = await store.LoadAsync(db, accountId, ct);
            connector = SettingsOf(installation);
            if (connector.SettingsForm.Find(fieldName) is not { Discovery: not null })
            {
                throw new ValidationFailedException(fieldName, $"Settings field '{fieldName}' has no live options.");
            }

            account = await store.DescribeAsync(db, installation, ct);
        }

        try
        {
            return DiscoveryResult.Found(await connector.DiscoverOptionsAsync(account, fieldName, ct));
        }
        catch (ConnectorException e)
        {
            return DiscoveryResult.Failed(e.Message);
        }
    }

    private ISupportsSettings SettingsOf(ConnectorInstallation installation) =>
        registry.Find(installation.ConnectorKey) as ISupportsSettings
        ?? throw new NotFoundException($"Connector '{installation.ConnectorKey}' has no settings.");

    private static AccountSettings Read(ConnectorInstallation installation, FormSchema form)
    {
        var stored = FormPrefill.FromConfig(form, AccountStore.Config(installation));
        var values = form.Fields.ToDictionary(
            f => f.Name,
            f => stored.TryGetValue(f.Name, out var value) ? value : DefaultOf(f),
            StringComparer.Ordinal);
        return new AccountSettings(installation.Id, installation.Label, installation.ConnectorKey, form, values,
            stored.Keys.ToHashSet(StringComparer.Ordinal));
    }

    private static object? DefaultOf(FormField field)
    {
        if (field.Default is null)
        {
            return field.Type switch
            {
                FieldType.List => Array.Empty<string>(),
                FieldType.Checkbox => false,
                _ => null,
            };
        }

        return FormValueCoercion.Coerce(field, field.Default, out _);
    }

    private static async Task SaveAsync(ConnectorsDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ValidationFailedException("account", "The account was changed by someone else meanwhile. Reload and try again.");
        }
    }
}
