using Connectors.Domain.Connectors.Forms;

namespace Connectors.Domain.Connectors.Imap;

/// <summary>The IMAP credential and settings forms, as shipped.</summary>
public static class ImapForms
{
    public const string AuthMode = "auth_mode";
    public const string Provider = "xoauth2_provider";
    public const string Basic = "basic";
    public const string XOAuth2 = "xoauth2";

    /// <summary>The discovery source of the folder settings: the mailbox's folders, listed live.</summary>
    public const string FoldersDiscovery = "folders";

    /// <summary>What a tenant admin reads about an option this deployment does not offer.</summary>
    public const string NotOnThisDeployment = "It is not set up on this deployment; ask your platform administrator.";

    /// <summary>The credential form as this deployment offers it: OAuth2, and each provider, only when its client
    /// is configured (otherwise shown, disabled, with the reason; the setting name is a detail for operators).</summary>
    public static FormSchema CredentialFor(string? missingGoogle, string? missingMicrosoft)
    {
        if (missingGoogle is null && missingMicrosoft is null)
        {
            return Credential;
        }

        FieldOption Off(FieldOption option, string detail) => option with { Unavailable = NotOnThisDeployment, OperatorDetail = detail };
        return new FormSchema([.. Credential.Fields.Select(field => field.Name switch
        {
            AuthMode when missingGoogle is not null && missingMicrosoft is not null => field with
            {
                Options = [.. field.Options.Select(o => o.Value == XOAuth2 ? Off(o, $"Set {missingGoogle} or {missingMicrosoft}.") : o)],
            },
            Provider => field with
            {
                Default = missingGoogle is null ? "google" : "microsoft",
                Options = [.. field.Options.Select(o => (o.Value == "google" ? missingGoogle : missingMicrosoft) is { } setting ? Off(o, $"Set {setting}.") : o)],
            },
            _ => field,
        })]);
    }

    public static FormSchema Credential { get; } = new([
        new FormField(AuthMode, "Authentication", FieldType.Select, FieldTarget.AuthMode)
        {
            Required = true, Default = Basic, Group = "Authentication",
            Options = [new(Basic, "Password / app password"), new(XOAuth2, "OAuth2")],
        },
        new FormField(Provider, "Provider", FieldType.Select, FieldTarget.Provider)
        {
            Default = "google", Group = "Authentication", ShowIf = new ShowIf(AuthMode, XOAuth2),
            Options = [new("google", "Gmail"), new("microsoft", "Microsoft 365")],
        },
        new FormField("host", "Host", FieldType.Text, FieldTarget.Connection)
        {
            CredentialScoped = true, Required = true, Group = "Server", ShowIf = new ShowIf(AuthMode, Basic), Placeholder = "imap.example.com",
        },
        new FormField("port", "Port", FieldType.Number, FieldTarget.Connection)
        {
            CredentialScoped = true, Default = "993", Min = 1, Max = 65535, Group = "Server", ShowIf = new ShowIf(AuthMode, Basic),
        },
        new FormField("encryption", "Encryption", FieldType.Select, FieldTarget.Connection)
        {
            CredentialScoped = true, Default = "ssl", Group = "Server", ShowIf = new ShowIf(AuthMode, Basic),
            Options = [new("ssl", "SSL/TLS"), new("tls", "TLS (implicit)"), new("starttls", "STARTTLS"), new("none", "None")],
        },
        new FormField("validate_cert", "Validate certificate", FieldType.Checkbox, FieldTarget.Connection)
        {
            CredentialScoped = true, Default = "true", Group = "Server", ShowIf = new ShowIf(AuthMode, Basic),
            Help = "Untick only for a server you trust that uses a self-signed certificate.",
        },
        new FormField("username", "Username", FieldType.Text, FieldTarget.Connection)
        {
            CredentialScoped = true, Required = true, Group = "Credentials", Placeholder = "support@example.com",
        },
        new FormField("password", "Password", FieldType.Password, FieldTarget.Secret)
        {
            Required = true, Group = "Credentials", ShowIf = new ShowIf(AuthMode, Basic),
            Help = "For Gmail or Microsoft 365 with two-step verification, use an app password.",
        },
    ]);

    public static FormSchema Settings { get; } = new([
        new FormField("folders.include", "Folders to sync", FieldType.List, FieldTarget.Config)
        {
            Discovery = FoldersDiscovery,
            Help = "When set, only these folders are synced (wins over the exclusions).",
        },
        new FormField("folders.exclude", "Folders to skip", FieldType.List, FieldTarget.Config)
        {
            Default = string.Join(',', ImapAccountSettings.DefaultExcludedFolders),
            Discovery = FoldersDiscovery,
            Help = "Skipped unless listed in the folders to sync.",
        },
        new FormField("date_window_days", "Days of mail to sync", FieldType.Number, FieldTarget.Config)
        {
            Default = "365", Min = 0, Max = 1_000_000, Help = "0 syncs all mail.",
        },
        new FormField("senders.exclude", "Senders to skip", FieldType.List, FieldTarget.Config)
        {
            Placeholder = "newsletter@example.com", Help = "Mail from these addresses is not synced.",
        },
    ]);
}
