using System.Text.Json;
using Connectors.Web.Api;
using Connectors.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.AspNetCore.Authentication;
using ModelContextProtocol.Authentication;
using ModelContextProtocol.Protocol;

namespace Connectors.Web.Mcp;

/// <summary>
/// The third surface: an MCP server (the official SDK) over the same services as the pages, the API and the CLI.
/// Streamable HTTP at <c>/mcp</c>, stateless (any node answers any request), authenticated with personal access
/// tokens only — a request to <c>/mcp</c> never reads the sign-in cookie — and authorized as the API is: the
/// endpoint needs ViewConnectors (members get 403), each change needs the manage right, checked by the domain.
/// Without a token the answer is 401 with <c>WWW-Authenticate: Bearer resource_metadata="…"</c>, pointing at the
/// protected-resource metadata (RFC 9728) the SDK serves under <c>/.well-known/oauth-protected-resource/mcp</c>.
/// </summary>
public static class McpSurface
{
    public const string Path = "/mcp";

    /// <summary>The scheme of <c>/mcp</c>: authenticates with the personal-access-token handler, challenges with
    /// the MCP handler (the resource-metadata header).</summary>
    public const string Scheme = "McpPersonalAccessToken";

    public const string ServerName = "connectors-admin";

    /// <summary>Where a signed-in user makes the personal access token an agent sends.</summary>
    public const string TokensPage = "/account/manage/tokens";

    public static bool IsMcp(HttpRequest request) => request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase);

    /// <summary>The tools' answers: the API's JSON (camelCase, enums as kebab-case words).</summary>
    public static JsonSerializerOptions Json { get; } = CreateJson();

    public static IServiceCollection AddConnectorsMcp(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddMcp(McpAuthenticationDefaults.AuthenticationScheme, "MCP resource metadata", o =>
            {
                o.ResourceMetadata = new ProtectedResourceMetadata { ResourceName = "Connectors admin", BearerMethodsSupported = ["header"] };
                // Tokens are personal access tokens made by a signed-in user on this page; no OAuth authorization
                // server issues them, so none is listed.
                o.Events.OnResourceMetadataRequest = context =>
                {
                    var request = context.HttpContext.Request;
                    context.ResourceMetadata!.ResourceDocumentation = $"{request.Scheme}://{request.Host}{request.PathBase}{TokensPage}";
                    return Task.CompletedTask;
                };
            })
            .AddPolicyScheme(Scheme, "Personal access token (MCP)", o =>
            {
                o.ForwardAuthenticate = ApiAuthentication.TokenScheme;
                o.ForwardForbid = ApiAuthentication.TokenScheme;
                o.ForwardChallenge = McpAuthenticationDefaults.AuthenticationScheme;
            });
        services.AddMcpServer(ConfigureServer)
            .WithHttpTransport(o => o.SessionMode = HttpServerSessionMode.Stateless)
            .WithTools<ConnectorsTools>(Json)
            .WithRequestFilters(f => f.AddCallToolFilter(McpToolErrors.Filter));
        return services;
    }

    /// <summary>The server's name and its instructions to the agent, shared by the HTTP and the stdio server.</summary>
    public static void ConfigureServer(ModelContextProtocol.Server.McpServerOptions options)
    {
        options.ServerInfo = new Implementation { Name = ServerName, Title = "Connectors admin", Version = typeof(McpSurface).Assembly.GetName().Version?.ToString() ?? "1.0" };
        options.ServerInstructions =
            "Administers the data-source connector accounts of one tenant (mailboxes, drives, wikis ingesting into knowledge-base projects). " +
            "Find accounts with connectors_list, read why one fails with account_get, act with account_resume, account_sync_now, " +
            "account_pause, account_test; check what an account would ingest with account_preview. " + ConnectorsTools.HowToAddAccounts;
    }

    /// <summary><c>/mcp</c> needs ViewConnectors through the token scheme; status-code pages stay off so a 401/403
    /// keeps its empty body and headers instead of becoming the HTML "not found" page.</summary>
    public static IEndpointRouteBuilder MapConnectorsMcp(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMcp(Path).RequireAuthorization(new AuthorizeAttribute(Policies.ViewConnectors) { AuthenticationSchemes = Scheme });
        return endpoints;
    }

    public static WebApplication UseConnectorsMcpStatusCodes(this WebApplication app)
    {
        app.UseWhen(context => IsMcp(context.Request), mcp => mcp.Use((context, next) =>
        {
            if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            return next(context);
        }));
        return app;
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        };
        ApiJson.Configure(options);
        return options;
    }
}
