using System.Text.Json.Nodes;
using Connectors.Domain.Auditing;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Connectors.Domain.Vault;

namespace Connectors.Domain.Accounts;

/// <summary>Moves an account between a tenant credential and credentials of its own (the edit behind
/// <c>PUT /api/admin/accounts/{id}/credentials</c>).</summary>
public sealed class AccountCredentialSwitch(
    AccountStore store,
    ConnectorRegistry registry,
    ActorContext actor,
    AuditLog audit,
    TenantCredentials credentials,
    CredentialVault vault)
{
    /// <summary>
    /// Switches an account between a tenant credential (<paramref name="credentialId"/>) and its own credentials
    /// (<paramref name="ownValues"/>: the fields that belong to a credential). The connector signs in with the new ones
    /// first; only then does the account change — its own copies of the credential's fields dropped when it switches to
    /// the tenant's, so the tenant credential's rotations reach it. Audited. Works on an account in any state.
    /// </summary>
    public async Task SwitchAsync(Guid accountId, Guid? credentialId, IReadOnlyDictionary<string, object?>? ownValues, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using var db = store.Open();
        var installation = await store.LoadAsync(db, accountId, ct);
        var connector = registry.Require(installation.ConnectorKey);
        var schema = (connector as ISupportsCredentialForm)?.CredentialForm
            ?? throw new ValidationFailedException("connector", $"{connector.DisplayName} is connected through OAuth, not a credential form.");
        var own = AccountStore.Config(installation);
        var ownConnection = own[FormRouter.ConnectionKey] as JsonObject ?? [];
        Dictionary<string, object?> credentialValues;
        if (credentialId is { } id)
        {
            credentialValues = (await credentials.ValuesAsync(db, id, connector.Key, ct)).Values;
        }
        else
        {
            var part = schema.CredentialOnly();
            var validated = FormValidator.Validate(part, ownValues ?? new Dictionary<string, object?>());
            if (!validated.IsValid)
            {
                throw new ValidationFailedException(validated.Errors);
            }

            credentialValues = validated.Values.ToDictionary(v => v.Key, v => (object?)v.Value, StringComparer.Ordinal);
        }

        // The whole form as the account would now sign in: its own non-credential settings and the new credential fields.
        var values = FormPrefill.FromConfig(schema.WithoutCredential(), own).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);

        foreach (var (name, value) in credentialValues)
        {
            values[name] = value;
        }

        var full = FormValidator.Validate(schema, values);
        if (!full.IsValid)
        {
            throw new ValidationFailedException(full.Errors);
        }

        var routed = FormRouter.Route(schema, full);
        if (connector is not ISupportsCredentialVerification verifier)
        {
            throw new ValidationFailedException("connector", $"{connector.DisplayName} cannot check credentials without connecting the account again.");
        }

        var account = AccountStore.Describe(installation, null, routed.Config);
        try
        {
            await verifier.VerifyAsync(account, routed.Secrets, ct);
        }
        catch (ConnectorException e)
        {
            throw new ValidationFailedException(credentialId is null ? "values" : "credentialId", $"{connector.DisplayName} refused the credentials: {e.Message}");
        }

        // Everything else the account holds (its settings) stays; only the credential's fields change hands.
        var config = (JsonObject)own.DeepClone();
        var connection = new JsonObject();
        foreach (var (name, value) in ownConnection.Where(p => schema.Find(p.Key) is not { BelongsToCredential: true }))
        {
            connection[name] = value?.DeepClone();
        }

        if (credentialId is null && routed.Config[FormRouter.ConnectionKey] is JsonObject typed)
        {
            foreach (var (name, value) in typed.Where(p => schema.Find(p.Key) is { BelongsToCredential: true }))
            {
                connection[name] = value?.DeepClone();
            }
        }

        config.Remove(FormRouter.ConnectionKey);
        if (connection.Count > 0)
        {
            config[FormRouter.ConnectionKey] = connection;
        }

        ConfigureConnectorService.RecordCredentialChange(audit, db, installation, credentialId);
        installation.ConfigJson = config.ToJsonString();
        await store.SaveAsync(db, installation.Label, ct);
        var stored = await vault.GetAsync(accountId, ct);
        var kept = (stored?.Secrets ?? new Dictionary<string, string>())
            .Where(s => schema.Find(s.Key) is not { BelongsToCredential: true })
            .Concat(credentialId is null ? routed.Secrets : [])
            .ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        await vault.SetSecretsAsync(accountId, kept, ct);
    }
}
