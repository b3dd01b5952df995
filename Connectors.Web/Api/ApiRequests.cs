using System.Text.Json;
using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;

namespace Connectors.Web.Api;

/// <summary>Creating a credential account (and reconnecting one, where the label is fixed): the form's
/// values keyed by field name as the connector's schema in <c>GET /connectors</c> names them. Secret values
/// go to the vault only and are never echoed.</summary>
public sealed record CredentialAccountRequest(string? Label, string? ProjectKey, IReadOnlyDictionary<string, JsonElement>? Values)
{
    internal static CredentialSubmission Read(JsonElement body, bool withLabel = true)
    {
        var fields = withLabel
            ? new ApiBodyFields(body, "label", "projectKey", "values")
            : new ApiBodyFields(body, "projectKey", "values");
        var submission = new CredentialSubmission(withLabel ? fields.Text("label") : null, fields.Text("projectKey"), fields.Values("values"));
        fields.ThrowIfInvalid();
        return submission;
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
/// minutes; <c>null</c> inherits.
/// </summary>
public sealed record AccountPatchRequest(string? Label, string? ProjectKey, int? CadenceMinutes)
{
    internal static AccountPatch Read(JsonElement body)
    {
        var fields = new ApiBodyFields(body, "label", "projectKey", "cadenceMinutes", "checkMinutes");
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
