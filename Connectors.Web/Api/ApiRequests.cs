using System.Text.Json;
using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;

namespace Connectors.Web.Api;

/// <summary>Creating a credential account (and reconnecting one, where the label is fixed): the form's
/// values keyed by field name as the connector's schema in <c>GET /connectors</c> names them. Secret values
/// go to the vault only and are never echoed. With <c>credentialId</c>, a tenant credential supplies the fields that
/// belong to it, and <c>values</c> holds only the account's own (settings, not credentials).</summary>
public sealed record CredentialAccountRequest(string? Label, string? ProjectKey, IReadOnlyDictionary<string, JsonElement>? Values, Guid? CredentialId)
{
    internal static CredentialSubmission Read(JsonElement body, bool withLabel = true)
    {
        var fields = withLabel
            ? new ApiBodyFields(body, "label", "projectKey", "values", "credentialId")
            : new ApiBodyFields(body, "projectKey", "values", "credentialId");
        var submission = new CredentialSubmission(withLabel ? fields.Text("label") : null, fields.Text("projectKey"), fields.Values("values"), fields.Id("credentialId"));
        fields.ThrowIfInvalid();
        return submission;
    }
}

/// <summary>A tenant credential: the connector (create only), a name, and the values of the fields that belong to a
/// credential (the connector's form marks them; secrets included, never returned). On PATCH (rotation) the values sent
/// replace the stored ones and a secret left out keeps its value.</summary>
public sealed record CredentialRequest(string? Connector, string? Name, IReadOnlyDictionary<string, JsonElement>? Values)
{
    internal static (string? Connector, string? Name, IReadOnlyDictionary<string, object?> Values) Read(JsonElement body, bool create)
    {
        var fields = create ? new ApiBodyFields(body, "connector", "name", "values") : new ApiBodyFields(body, "name", "values");
        var read = (create ? fields.Text("connector") : null, fields.Text("name"), fields.Values("values"));
        if (create && read.Item1 is null)
        {
            fields.Reject("connector", "connector is required: the key of a connector whose accounts can share a credential.");
        }

        fields.ThrowIfInvalid();
        return read;
    }
}

/// <summary>A tenant's own OAuth client for a connector: its id and secret at the provider (the secret is never returned).</summary>
public sealed record OAuthAppRequest(string? ClientId, string? ClientSecret)
{
    internal static (string? ClientId, string? ClientSecret) Read(JsonElement body)
    {
        var fields = new ApiBodyFields(body, "clientId", "clientSecret");
        var read = (fields.Text("clientId"), fields.Text("clientSecret"));
        fields.ThrowIfInvalid();
        return read;
    }
}

/// <summary>Which credentials an account signs in with: <c>credentialId</c> names a tenant credential; null (with
/// <c>values</c>, the fields that belong to a credential) gives the account its own.</summary>
public sealed record AccountCredentialsRequest(Guid? CredentialId, IReadOnlyDictionary<string, JsonElement>? Values)
{
    internal static (Guid? CredentialId, IReadOnlyDictionary<string, object?> Values) Read(JsonElement body)
    {
        var fields = new ApiBodyFields(body, "credentialId", "values");
        if (!fields.Has("credentialId"))
        {
            fields.Reject("credentialId", "credentialId is required: a tenant credential's id, or null with values for the account's own.");
        }

        var read = (fields.Id("credentialId"), fields.Values("values"));
        fields.ThrowIfInvalid();
        return read;
    }
}

/// <summary>Starting an OAuth grant: the account labelled so is created or re-armed.</summary>
public sealed record OAuthAccountRequest(string? Label, string? ProjectKey)
{
    internal static OAuthAccountRequest Read(JsonElement body)
    {
        var fields = new ApiBodyFields(body, "label", "projectKey");
        var request = new OAuthAccountRequest(fields.Text("label"), fields.Text("projectKey"));
        fields.ThrowIfInvalid();
        return request;
    }
}

/// <summary>
/// PATCH of an account: only the properties sent change. <c>label</c>: a string (it cannot be cleared, so
/// null is refused). <c>projectKey</c>: a project key binds the account; <c>""</c> or <c>null</c> clears the
/// binding (the account follows the tenant default). <c>cadenceMinutes</c>: 5–10080 minutes; <c>null</c>
/// inherits the connector's or the deployment's cadence. <c>checkMinutes</c>: the connection-check cadence, 15–10080
/// minutes; <c>null</c> inherits. <c>targetProjects</c>: the further projects the account's documents also appear in,
/// replacing the list (<c>[]</c> or <c>null</c> clears it).
/// </summary>
public sealed record AccountPatchRequest(string? Label, string? ProjectKey, int? CadenceMinutes, IReadOnlyList<string>? TargetProjects = null)
{
    internal static AccountPatch Read(JsonElement body)
    {
        var fields = new ApiBodyFields(body, "label", "projectKey", "cadenceMinutes", "checkMinutes", "targetProjects");
        if (body.TryGetProperty("settings", out _))
        {
            fields.Reject("settings", "Settings are changed at PATCH /api/admin/accounts/{id}/settings, keyed by the settings form's field names.");
        }

        var label = fields.Text("label");
        if (fields.Has("label") && label is null && body.GetProperty("label").ValueKind == JsonValueKind.Null)
        {
            fields.Reject("label", "label cannot be cleared; send a new label or leave it out.");
        }

        var patch = new AccountPatch
        {
            Label = label,
            SetsProjectKey = fields.Has("projectKey"),
            ProjectKey = fields.Text("projectKey"),
            SetsCadence = fields.Has("cadenceMinutes"),
            CadenceMinutes = fields.Integer("cadenceMinutes"),
            SetsCheckMinutes = fields.Has("checkMinutes"),
            CheckMinutes = fields.Integer("checkMinutes"),
            SetsTargetProjects = fields.Has("targetProjects"),
            TargetProjects = fields.Texts("targetProjects"),
        };
        fields.ThrowIfInvalid();
        return patch;
    }
}

/// <summary>Adding a project: its immutable key (lowercase kebab-case) and its display name.</summary>
public sealed record ProjectRequest(string Key, string Name)
{
    internal static ProjectRequest Read(JsonElement body)
    {
        var fields = new ApiBodyFields(body, "key", "name");
        var request = new ProjectRequest(fields.Text("key") ?? "", fields.Text("name") ?? "");
        fields.ThrowIfInvalid();
        return request;
    }
}
