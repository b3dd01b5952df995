using Connectors.Domain.Connectors.Forms;

namespace Connectors.Domain.Connectors.Confluence;

/// <summary>The Confluence credential form. The host renders, validates and routes it like any other
/// schema; what the schema cannot express (the shape of the base URL, the space keys) is checked by
/// <see cref="ConfluenceSite.From"/> when the connector verifies the credentials.</summary>
public static class ConfluenceForms
{
    public const string BaseUrl = "base_url";
    public const string Email = "email";
    public const string ApiToken = "api_token";
    public const string SpaceKeys = "space_keys";
    public const string ExcludedLabels = "labels.exclude";
    public const string ModifiedWithinDays = "modified_within_days";

    /// <summary>What is synced beyond the spaces: labels to leave out and an age limit. Narrowing them removes the pages no
    /// longer matching at the next sync (through the deletion brake); widening brings in the pages now matching, and only
    /// those.</summary>
    public static FormSchema Settings { get; } = new([
        new FormField(ExcludedLabels, "Labels to skip", FieldType.List, FieldTarget.Config)
        {
            Help = "Pages carrying any of these labels are not synced (e.g. draft, archived).",
        },
        new FormField(ModifiedWithinDays, "Modified within (days)", FieldType.Number, FieldTarget.Config)
        {
            Default = "0", Min = 0, Max = 36_500,
            Help = "0 syncs pages of any age; otherwise only pages edited within this many days, and older ones leave the knowledge base.",
        },
    ]);

    public static FormSchema Credential { get; } = new([
        new FormField(BaseUrl, "Base URL", FieldType.Text, FieldTarget.Connection)
        {
            CredentialScoped = true, Required = true, Group = "Site", Placeholder = "https://your-domain.atlassian.net",
            Help = "Your Confluence Cloud site, as in the browser's address bar (with or without /wiki).",
        },
        new FormField(Email, "Email", FieldType.Text, FieldTarget.Connection)
        {
            CredentialScoped = true, Required = true, Group = "Credentials", Placeholder = "you@example.com",
            Help = "The Atlassian account the API token belongs to.",
        },
        new FormField(ApiToken, "API token", FieldType.Password, FieldTarget.Secret)
        {
            Required = true, Group = "Credentials", Help = "Create one at id.atlassian.com → Security → API tokens",
        },
        new FormField(SpaceKeys, "Spaces", FieldType.Text, FieldTarget.Config)
        {
            Group = "Content", Placeholder = "ENG, HR",
            Help = "Comma-separated space keys; empty syncs every space you can read",
        },
    ]);
}
