using System.Text.Json.Nodes;
using Connectors.Domain.Auditing;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Accounts;

/// <summary>
/// Creates and reconnects credential accounts, owning the secret → vault round trip. The host never
/// branches on a connector: it validates and routes the submission by the schema, then runs the one
/// lifecycle — <see cref="IConnector.InitiateOAuthAsync"/> mints the state and, unless the connector
/// sends the browser to a provider, the state is replayed at once through
/// <see cref="IConnector.HandleOAuthCallbackAsync"/> carrying the secret.
/// </summary>
public sealed class ConfigureConnectorService(
    AccountStore store,
    ConnectorRegistry registry,
    ActorContext actor,
    AuditLog audit,
    ConnectionOutcomes outcomes,
    TenantCredentials credentials,
    TenantOAuthClients tenantApps,
    IOptions<ConnectorsOptions> options)
{
    /// <summary>Creates an account. Create-only: any account already holding the label (compared
    /// case-insensitively) is a duplicate — a Pending, NeedsReconnect or Error one is fixed with
    /// <see cref="ReconnectAsync"/> instead, which keeps its id and history.</summary>
    public async Task<ConfigureOutcome> CreateAsync(string connectorKey, CredentialSubmission submission, CancellationToken ct)
    {
        actor.EnsureCanManage();
        var (connector, schema) = await RequireCredentialConnectorAsync(connectorKey, ct);
        await using var db = store.Open();
        var (label, binding, routed, shared) = await ValidateAsync(db, connector.Key, schema, submission, ct);

        var installation = new ConnectorInstallation
        {
            ConnectorKey = connector.Key, ProjectKey = binding, ConfigJson = OwnConfig(schema, routed, shared).ToJsonString(), CredentialId = shared,
        };
        installation.Rename(label);
        db.Installations.Add(installation);
        audit.Record(db, "account.created", "account", installation.Id.ToString(), $"Created account '{label}' ({connector.Key}).");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueIndex.IsViolation(e))
        {
            db.ChangeTracker.Clear();
            var holder = await db.Installations.Where(i => i.ConnectorKey == connector.Key && i.NormalizedLabel == installation.NormalizedLabel)
                .Select(i => (Guid?)i.Id).FirstOrDefaultAsync(ct);
            throw new DuplicateLabelException(label, holder);
        }

        return await ConnectAsync(db, connector, installation, routed, ct);
    }

    /// <summary>Re-runs the credential flow on an existing Pending, NeedsReconnect or Error account.
    /// A blank project key keeps the binding.</summary>
    public async Task<ConfigureOutcome> ReconnectAsync(Guid accountId, CredentialSubmission submission, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using var db = store.Open();
        var installation = await store.LoadAsync(db, accountId, ct);
        var (connector, schema) = await RequireCredentialConnectorAsync(installation.ConnectorKey, ct);
        if (installation.Status is InstallationStatus.Active or InstallationStatus.Paused)
        {
            throw new ValidationFailedException("status",
                $"'{installation.Label}' is {installation.Status}; only pending, needs-reconnect or failed accounts are reconnected.");
        }

        var (_, binding, routed, shared) = await ValidateAsync(db, connector.Key, schema, submission with { Label = installation.Label }, ct);
        installation.ProjectKey = binding ?? installation.ProjectKey;
        installation.ConfigJson = OwnConfig(schema, routed, shared).ToJsonString();
        RecordCredentialChange(audit, db, installation, shared);
        audit.Record(db, "account.reconnect_started", "account", installation.Id.ToString(), $"Reconnecting '{installation.Label}'.");
        await db.SaveChangesAsync(ct);
        return await ConnectAsync(db, connector, installation, routed, ct);
    }

    /// <summary>The account's config without the fields a tenant credential supplies (they are read from it).</summary>
    private static JsonObject OwnConfig(FormSchema schema, RoutedSubmission routed, Guid? credentialId)
    {
        if (credentialId is null)
        {
            return routed.Config;
        }

        var config = (JsonObject)routed.Config.DeepClone();
        if (config[FormRouter.ConnectionKey] is JsonObject connection)
        {
            foreach (var name in connection.Select(p => p.Key).Where(n => schema.Find(n) is { BelongsToCredential: true }).ToList())
            {
                connection.Remove(name);
            }

            if (connection.Count == 0)
            {
                config.Remove(FormRouter.ConnectionKey);
            }
        }

        return config;
    }

    /// <summary>Points the account at <paramref name="credentialId"/> (null: its own), audited when that changes.</summary>
    internal static void RecordCredentialChange(AuditLog audit, ConnectorsDbContext db, ConnectorInstallation installation, Guid? credentialId)
    {
        if (installation.CredentialId == credentialId)
        {
            return;
        }

        installation.CredentialId = credentialId;
        audit.Record(db, "account.credentials_changed", "account", installation.Id.ToString(), credentialId is null
            ? $"'{installation.Label}' now signs in with its own credentials."
            : $"'{installation.Label}' now signs in with the tenant credential {credentialId}.");
    }

    private async Task<ConfigureOutcome> ConnectAsync(
        ConnectorsDbContext db, IConnector connector, ConnectorInstallation installation, RoutedSubmission routed, CancellationToken ct)
    {
        var userId = actor.RequireUserId();
        var account = await store.DescribeAsync(db, installation, ct);
        try
        {
            var start = await connector.InitiateOAuthAsync(new OAuthInitiation(account, userId, options.Value.OAuthCallbackUri, routed.Secrets), ct);
            if (!start.CompletesWithCredentials)
            {
                return new ConfigureOutcome(installation.Id, installation.Status, start.AuthorizeUrl, null);
            }

            await connector.HandleOAuthCallbackAsync(new OAuthCallback(account, userId, start.State, null, routed.Secrets), ct);
        }
        catch (ConnectorException e) when (e is not PaginationLimitException)
        {
            return await outcomes.FailedAsync(db, installation, e, ct);
        }

        return await outcomes.ConnectedAsync(db, installation, ct);
    }

    /// <summary>The connector and its form as this tenant sees it (an XOAUTH2 provider it brings its own app for is offered).</summary>
    private async Task<(IConnector Connector, FormSchema Schema)> RequireCredentialConnectorAsync(string key, CancellationToken ct)
    {
        var connector = registry.Require(key);
        return connector is ISupportsCredentialForm form
            ? (connector, connector is IOffersTenantOAuthApps ? form.CredentialFormFor(await tenantApps.ProvidersAsync(ct)) : form.CredentialForm)
            : throw new ValidationFailedException("connector", $"{connector.DisplayName} is connected through OAuth, not a credential form.");
    }

    /// <summary>Validates label, binding and form together, so one answer names every bad field. With a tenant
    /// credential, its fields join the submission's (which may not set them) before the whole form is validated.</summary>
    private async Task<(string Label, string? Binding, RoutedSubmission Routed, Guid? Credential)> ValidateAsync(
        ConnectorsDbContext db, string connectorKey, FormSchema schema, CredentialSubmission submission, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        Guid? shared = null;
        if (submission.CredentialId is { } credentialId)
        {
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (name, value) in submission.Values)
            {
                if (schema.Find(name) is { BelongsToCredential: true } field && !FormValueCoercion.IsBlank(value))
                {
                    errors.TryAdd(name, $"{field.Label} comes from the tenant credential; leave it empty or enter the account's own credentials instead.");
                }
                else if (schema.Find(name) is not { BelongsToCredential: true })
                {
                    values[name] = value;
                }
            }

            try
            {
                var (credential, credentialValues) = await credentials.ValuesAsync(db, credentialId, connectorKey, ct);
                foreach (var (name, value) in credentialValues)
                {
                    values[name] = value;
                }

                shared = credential.Id;
            }
            catch (ValidationFailedException e)
            {
                Merge(errors, e.Errors);
            }

            submission = submission with { Values = values };
        }

        var label = Collect(errors, () => AccountLabel.Parse(submission.Label));
        string? binding = null;
        try
        {
            binding = await ProjectRegistry.ValidateBindingAsync(db, submission.ProjectKey, ct);
        }
        catch (ValidationFailedException e)
        {
            Merge(errors, e.Errors);
        }

        var validated = FormValidator.Validate(schema, submission.Values);
        // Without the credential its fields are missing, but the credential is what is wrong: that alone is said.
        Merge(errors, submission.CredentialId is not null && shared is null
            ? validated.Errors.Where(e => schema.Find(e.Key) is not { BelongsToCredential: true }).ToDictionary(e => e.Key, e => e.Value)
            : validated.Errors);
        return errors.Count == 0
            ? (label!, binding, FormRouter.Route(schema, validated), shared)
            : throw new ValidationFailedException(errors);
    }

    private static T? Collect<T>(Dictionary<string, string> errors, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ValidationFailedException e)
        {
            Merge(errors, e.Errors);
            return default;
        }
    }

    private static void Merge(Dictionary<string, string> errors, IReadOnlyDictionary<string, string> more)
    {
        foreach (var (field, message) in more)
        {
            errors.TryAdd(field, message);
        }
    }
}
