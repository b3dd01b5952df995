using Connectors.Domain.Connectors.Forms;

namespace Connectors.Tests.Connectors.Forms;

/// <summary>The IMAP credential form as the IMAP connector ships it.</summary>
public static class ImapLikeSchema
{
    public static FormSchema Create() => new([
        new FormField("auth_mode", "Authentication", FieldType.Select, FieldTarget.AuthMode)
        {
            Required = true, Default = "basic", Group = "Authentication",
            Options = [new("basic", "Password / app password"), new("xoauth2", "OAuth2")],
        },
        new FormField("xoauth2_provider", "Provider", FieldType.Select, FieldTarget.Provider)
        {
            Default = "google", Group = "Authentication", ShowIf = new ShowIf("auth_mode", "xoauth2"),
            Options = [new("google", "Gmail"), new("microsoft", "Microsoft 365")],
        },
        new FormField("host", "Host", FieldType.Text, FieldTarget.Connection) { Required = true, Group = "Server", ShowIf = new ShowIf("auth_mode", "basic") },
        new FormField("port", "Port", FieldType.Number, FieldTarget.Connection) { Default = "993", Min = 1, Max = 65535, Group = "Server", ShowIf = new ShowIf("auth_mode", "basic") },
        new FormField("encryption", "Encryption", FieldType.Select, FieldTarget.Connection)
        {
            Default = "ssl", Group = "Server", ShowIf = new ShowIf("auth_mode", "basic"),
            Options = [new("ssl", "SSL/TLS"), new("tls", "TLS (implicit)"), new("starttls", "STARTTLS"), new("none", "None")],
        },
        new FormField("validate_cert", "Validate certificate", FieldType.Checkbox, FieldTarget.Connection) { Default = "true", Group = "Server", ShowIf = new ShowIf("auth_mode", "basic") },
        new FormField("username", "Username", FieldType.Text, FieldTarget.Connection) { Required = true, Group = "Credentials" },
        new FormField("password", "Password", FieldType.Password, FieldTarget.Secret) { Required = true, Group = "Credentials", ShowIf = new ShowIf("auth_mode", "basic") },
    ]);

    public static Dictionary<string, object?> Basic(params (string Name, object? Value)[] overrides)
    {
        var values = new Dictionary<string, object?>
        {
            ["auth_mode"] = "basic",
            ["host"] = "imap.acme.test",
            ["username"] = "support@acme.test",
            ["password"] = "s3cret",
        };
        foreach (var (name, value) in overrides)
        {
            values[name] = value;
        }

        return values;
    }
}
