using Connectors.Domain.Administration;
using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;
using Connectors.Web.Cli;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Connectors.Web.Mcp;

/// <summary>
/// <c>Connectors.Web.dll mcp --tenant SLUG</c>: the same MCP tools over standard input and output, for an agent running
/// on the machine (a desktop client that starts the server as a process). It acts as the CLI does — the platform
/// actor <c>cli</c> inside one tenant, audited as such — so it is for operators who already hold the database; a remote
/// agent uses <c>/mcp</c> with a personal access token instead. Logs go to standard error; standard output carries only
/// the protocol. The server stops when standard input closes.
/// </summary>
public static class McpStdioServer
{
    public static async Task<int> RunAsync(CliArguments args, Stream input, Stream output, Func<Action<IServiceCollection>, IHost> buildHost, CancellationToken ct)
    {
        var slug = args.Required("tenant");
        args.EnsureAllUsed();
        var access = new StdioAccess();
        using var host = buildHost(services => services.AddSingleton(access)
            .AddMcpServer(McpSurface.ConfigureServer)
            .WithStreamServerTransport(input, output)
            .WithTools<ConnectorsTools>(McpSurface.Json)
            .WithRequestFilters(f => f.AddCallToolFilter(McpToolErrors.Filter).AddCallToolFilter(access.Filter)));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
            scope.ServiceProvider.GetRequiredService<ActorContext>().UseSystem(ConnectorsCli.Actor);
            access.TenantId = (await CliCommands.UseTenantAsync(scope.ServiceProvider, slug, ct)).Id;
        }

        await host.RunAsync(ct);
        return 0;
    }

    /// <summary>Puts every tool call's scope in the tenant, as the CLI's actor (HTTP requests get theirs from the token).</summary>
    private sealed class StdioAccess
    {
        public Guid TenantId { get; set; }

        public McpRequestHandler<CallToolRequestParams, CallToolResult> Filter(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
            (context, ct) =>
            {
                var services = context.Services ?? throw new InvalidOperationException("The MCP request has no services.");
                services.GetRequiredService<TenantContext>().Use(TenantId);
                services.GetRequiredService<ActorContext>().UseSystem(ConnectorsCli.Actor);
                return next(context, ct);
            };
    }
}
