using Connectors.Domain.Auditing;
using Connectors.Domain.Checks;
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

/// <summary>
/// A tenant's credentials: defined once from the connector's own form (only the fields that belong to the credential),
/// used by any number of its accounts. Created and rotated only after the connector signed in with them; testable at any
/// time; deleted only when no account uses them. A rotation is one write — every account using the credential reads the
/// new secret at its next operation, on any node — and the accounts that had failed are retried at once. Viewers read;
/// super-admins change; every change is audited, never with a value.
/// </summary>
public sealed partial class TenantCredentials(
    AccountStore store,
    ConnectorRegistry registry,
    CredentialVault vault,
    ActorContext actor,
    TenantContext tenant,
    AuditLog audit,
    ConnectionOutcomes outcomes,
    CredentialTelemetry telemetry,
    TimeProvider clock)
{
    /// <summary>The tenant's credentials with the accounts using each, by connector then name.</summary>
    public async Task<IReadOnlyList<TenantCredentialView>> ListAsync(CancellationToken ct)
    {
        actor.EnsureCanView();
        await using var db = store.Open();
        var credentials = await db.TenantCredentials.AsNoTracking().ToListAsync(ct);
        var users = await UsersAsync(db, null, ct);
        return [.. credentials
            .OrderBy(c => c.ConnectorKey, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Select(c => View(c, users[c.Id]))];
    }

    public async Task<TenantCredentialView> GetAsync(Guid id, CancellationToken ct)
    {
        actor.EnsureCanView();
        await using var db = store.Open();
        var credential = await LoadAsync(db, id, ct);
        return View(credential, (await UsersAsync(db, id, ct))[id]);
    }

    /// <summary>The connectors whose form says which fields belong to a credential, with that part of the form.</summary>
    public IReadOnlyList<(IConnector Connector, FormSchema Form)> Offered() =>
        [.. registry.All.Where(c => c is ISupportsCredentialVerification && c is ISupportsCredentialForm { CredentialForm.OffersTenantCredentials: true })
            .Select(c => (c, ((ISupportsCredentialForm)c).CredentialForm.CredentialOnly()))];

    /// <summary>Creates a credential after the connector signed in with it; every field named in one answer when invalid.</summary>
    public async Task<TenantCredentialView> CreateAsync(string connectorKey, string? name, IReadOnlyDictionary<string, object?> values, CancellationToken ct)
    {
        actor.EnsureCanManage();
        var (connector, form) = Require(connectorKey);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var parsedName = ParseName(name, errors);
        var validated = FormValidator.Validate(form, values);
        foreach (var (field, message) in validated.Errors)
        {
            errors.TryAdd(field, message);
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var routed = FormRouter.Route(form, validated);
        var tenantId = tenant.RequireTenantId();
        var credential = new TenantCredential { ConnectorKey = connector.Key, TenantId = tenantId };
        credential.Rename(parsedName!);
        credential.ConnectionJson = Connection(routed).ToJsonString();
        await VerifyAsync(connector, credential, routed.Secrets, ct);
        await using var db = store.Open();
        db.TenantCredentials.Add(credential);
        Tested(credential, null);
        audit.Record(db, "credential.created", "credential", credential.Id.ToString(), $"Created the {connector.DisplayName} credential '{credential.Name}'.");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueIndex.IsViolation(e))
        {
            throw new ValidationFailedException("name", $"A {connector.DisplayName} credential named '{credential.Name}' already exists.");
        }

        await vault.SetTenantSecretsAsync(tenantId, credential.Id, routed.Secrets, ct);
        telemetry.Changed();
        return View(credential, []);
    }

    /// <summary>
    /// Rotates: the values given replace the stored ones (a secret left out keeps its value; connection fields left out
    /// keep theirs), the connector signs in with the result, and only then is it saved — one write every account reads
    /// at its next operation. Accounts using it that had failed are retried now: those needing reconnection or stopped
    /// become Active again with their problem closed, the others are due at once.
    /// </summary>
    public async Task<TenantCredentialView> RotateAsync(Guid id, string? name, IReadOnlyDictionary<string, object?> values, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using var db = store.Open();
        var credential = await LoadAsync(db, id, ct);
        var (connector, form) = Require(credential.ConnectorKey);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var parsedName = name is null ? null : ParseName(name, errors);
        var stored = await vault.GetTenantSecretsAsync(id, ct) ?? new Dictionary<string, string>();
        var merged = Stored(form, credential).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);

        foreach (var (field, value) in stored)
        {
            merged[field] = value;
        }

        foreach (var (field, value) in values)
        {
            if (value is not null && !(value is string text && text.Length == 0 && form.Find(field)?.Target == FieldTarget.Secret))
            {
                merged[field] = value;
            }
        }

        var validated = FormValidator.Validate(form, merged);
        foreach (var (field, message) in validated.Errors)
        {
            errors.TryAdd(field, message);
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var routed = FormRouter.Route(form, validated);
        credential.ConnectionJson = Connection(routed).ToJsonString();
        await VerifyAsync(connector, credential, routed.Secrets, ct);
        if (parsedName is not null)
        {
            credential.Rename(parsedName);
        }

        credential.Version++;
        Tested(credential, null);
        audit.Record(db, "credential.rotated", "credential", id.ToString(),
            $"Rotated the {connector.DisplayName} credential '{credential.Name}' (version {credential.Version}).");
        await vault.SetTenantSecretsAsync(credential.TenantId, id, routed.Secrets, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ValidationFailedException("credential", "The credential was changed by someone else meanwhile. Reload and try again.");
        }
        catch (DbUpdateException e) when (UniqueIndex.IsViolation(e))
        {
            throw new ValidationFailedException("name", $"A {connector.DisplayName} credential named '{credential.Name}' already exists.");
        }

        await RetryFailedAccountsAsync(db, id, ct);
        return View(credential, (await UsersAsync(db, id, ct))[id]);
    }

    /// <summary>Signs in with the stored credential now and records the outcome (status, message, time).</summary>
    public async Task<TenantCredentialView> TestAsync(Guid id, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using var db = store.Open();
        var credential = await LoadAsync(db, id, ct);
        var (connector, _) = Require(credential.ConnectorKey);
        var secrets = await vault.GetTenantSecretsAsync(id, ct) ?? new Dictionary<string, string>();
        try
        {
            await VerifyAsync(connector, credential, secrets, ct);
            Tested(credential, null);
        }
        catch (ValidationFailedException e)
        {
            Tested(credential, e.Message);
        }

        audit.Record(db, "credential.tested", "credential", id.ToString(),
            $"Tested the {connector.DisplayName} credential '{credential.Name}': {(credential.TestStatus == CredentialTestStatus.Passed ? "passed" : "failed")}.");
        await db.SaveChangesAsync(ct);
        return View(credential, (await UsersAsync(db, id, ct))[id]);
    }

    /// <summary>Deletes a credential no account uses; one in use is refused naming the accounts.</summary>
    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using var db = store.Open();
        var credential = await LoadAsync(db, id, ct);
        var users = (await UsersAsync(db, id, ct))[id].ToList();
        if (users.Count > 0)
        {
            var names = users.Select(u => $"'{u.Label}'").ToList();
            throw new InUseException(
                $"The credential '{credential.Name}' is used by {string.Join(", ", names.Take(10))}{(names.Count > 10 ? $" and {names.Count - 10} more" : "")}; "
                + "switch those accounts to another credential first.", [.. users.Select(u => u.Label)]);
        }

        db.TenantCredentials.Remove(credential);
        audit.Record(db, "credential.deleted", "credential", id.ToString(), $"Deleted the credential '{credential.Name}' ({credential.ConnectorKey}).");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // An account started using it between the check and the delete: the foreign key refused.
            throw new InUseException($"The credential '{credential.Name}' was just put to use; try again.", []);
        }

        await vault.RemoveOwnedSecretAsync(id, ct);
        telemetry.Changed();
    }

    /// <summary>The credential's connection fields and secrets as a form's values, for a connector to verify or for an
    /// account to be created with.</summary>
    internal async Task<(TenantCredential Credential, Dictionary<string, object?> Values)> ValuesAsync(
        ConnectorsDbContext db, Guid id, string connectorKey, CancellationToken ct)
    {
        var credential = await db.TenantCredentials.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new ValidationFailedException("credentialId", "There is no such credential in this tenant.");
        if (credential.ConnectorKey != connectorKey)
        {
            throw new ValidationFailedException("credentialId", $"The credential '{credential.Name}' is not for this connector.");
        }

        var values = Stored(Require(connectorKey).Form, credential).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);

        foreach (var (field, value) in await vault.GetTenantSecretsAsync(id, ct) ?? new Dictionary<string, string>())
        {
            values[field] = value;
        }

        return (credential, values);
    }


    private async Task RetryFailedAccountsAsync(ConnectorsDbContext db, Guid id, CancellationToken ct)
    {
        var failing = await db.Installations
            .Where(i => i.CredentialId == id
                && (i.Status == InstallationStatus.NeedsReconnect || i.Status == InstallationStatus.Error
                    || (i.Status == InstallationStatus.Active && i.ConsecutiveFailures > 0)))
            .ToListAsync(ct);
        foreach (var installation in failing)
        {
            if (installation.Status == InstallationStatus.Active)
            {
                installation.NextSyncAt = clock.GetUtcNow().UtcDateTime;
                await db.SaveChangesAsync(ct);
            }
            else
            {
                await outcomes.ConnectedAsync(db, installation, ct);
            }
        }
    }

    private static Task VerifyAsync(IConnector connector, TenantCredential credential, IReadOnlyDictionary<string, string> secrets, CancellationToken ct) =>
        CredentialProbe.VerifyAsync(connector, credential, secrets, ct);

    private void Tested(TenantCredential credential, string? failure) => CredentialProbe.Record(credential, failure, clock.GetUtcNow().UtcDateTime);

    private (IConnector Connector, FormSchema Form) Require(string connectorKey)
    {
        var connector = registry.Require(connectorKey);
        return Offered().FirstOrDefault(o => o.Connector.Key == connector.Key) is { Connector: not null } offered
            ? offered
            : throw new ValidationFailedException("connector", $"{connector.DisplayName} accounts cannot share a tenant credential.");
    }
}
