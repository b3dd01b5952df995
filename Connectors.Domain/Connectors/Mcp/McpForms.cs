using Connectors.Domain.Connectors.Forms;

namespace Connectors.Domain.Connectors.Mcp;

/// <summary>The MCP server form: the server's URL, and — only for servers that need them — a static bearer token or a
/// client registered by hand. Left empty, the connector discovers the server's sign-in and registers itself.</summary>
public static class McpForms
{
    public const string ServerUrl = "server_url";
    public const string BearerToken = "bearer_token";
    public const string ClientId = "client_id";
    public const string ClientSecret = "client_secret";

    public static FormSchema Credential { get; } = new([
        new FormField(ServerUrl, "Server URL", FieldType.Text, FieldTarget.Connection)
        {
            CredentialScoped = true, Required = true, Group = "Server", Placeholder = "https://mcp.example.com/mcp",
            Help = "The server's Streamable HTTP endpoint. Servers that ask for sign-in send you to their consent page.",
        },
        new FormField(BearerToken, "Bearer token", FieldType.Password, FieldTarget.Secret)
        {
            Group = "Sign-in (optional)",
            Help = "Only for servers that hand out a static token instead of OAuth sign-in.",
        },
        new FormField(ClientId, "Client ID", FieldType.Text, FieldTarget.Connection)
        {
            CredentialScoped = true, Group = "Sign-in (optional)",
            Help = "Only for servers that do not register clients themselves: a client registered there for this app's callback URL.",
        },
        new FormField(ClientSecret, "Client secret", FieldType.Password, FieldTarget.Secret)
        {
            Group = "Sign-in (optional)", Help = "The secret of that client, if it has one.",
        },
    ]);
}
