using Connectors.Domain.Connectors;
using Connectors.Domain.Errors;
using Connectors.Domain.Tenancy;
using Connectors.Domain.Vault;
using Connectors.Web.Extensions;
using Microsoft.Extensions.Logging.Console;

namespace Connectors.Web.Cli;

/// <summary>
/// The admin CLI: <c>migrate</c>, <c>tenants add|list</c>, <c>projects add</c>,
/// <c>users add|set-password</c>, <c>connectors list</c>, <c>accounts add</c>, <c>vault reprotect|rotate|keys|revoke-old-keys</c>.
/// The host runs the web app's start-up checks; each verb migrates the database (after checking its
/// input where that needs no database), runs as the platform actor <c>cli</c> — audited like a user —
/// and exits: 0 on success, 1 with one line on standard error for bad input, 2 with one line when the
/// platform itself fails (the database cannot be opened, say).
/// </summary>
public static class ConnectorsCli
{
    private static readonly HashSet<string> Verbs = ["migrate", "tenants", "projects", "users", "connectors", "accounts", "vault", "notifications", "credentials", "mcp"];
    private static readonly HashSet<string> Flags = ["support", "json", "dry-run", "stale", "delete-documents", "apply", "keep"];

    public const string Usage = "usage: migrate | tenants add --slug S --name N [--default-project P] | tenants list | "
        + "projects add --tenant SLUG --key K --name N | projects delete --tenant SLUG --key K | users add --email E --tenant SLUG --role super-admin|admin|member [--support] (password on stdin) | "
        + "users set-password --email E (new password on stdin) | "
        + "connectors list --tenant SLUG [--json] | accounts add --tenant SLUG --connector KEY --label L [--project P] [--field name=value ...] "
        + "(one line per secret field on stdin) | accounts bulk --tenant SLUG --action sync|pause|resume|move|cadence|delete "
        + "[--status S ...] [--connector K] [--project P] [--q TEXT] [--stale] [--id ID ...] [--to-project P] [--cadence N|inherit] "
        + "[--delete-documents] [--dry-run] | accounts check --tenant SLUG --id ID | accounts preview --tenant SLUG --id ID [--limit N] | "
        + "accounts targets --tenant SLUG --id ID [--project P ...] | accounts settings --tenant SLUG --id ID [--field name=value ...] [--reset name ...] | "
        + "accounts held-removals --tenant SLUG --id ID [--apply | --keep] | "
        + "notifications channels|rules|deliveries --tenant SLUG | notifications add-email --tenant SLUG --name N --to ADDRESS ... | "
        + "notifications add-webhook --tenant SLUG --name N --url URL | notifications add-rule --tenant SLUG --name N --event E ... --channel ID ... "
        + "[--connector K ...] [--project P ...] | notifications test --tenant SLUG --channel ID | credentials list --tenant SLUG | "
        + "credentials consolidate --tenant SLUG [--dry-run] | vault reprotect | vault rotate | vault keys | vault revoke-old-keys | "
        + "mcp --tenant SLUG (an MCP server on standard input and output)";

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(
        string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, IDictionary<string, string?>? configOverrides = null)
    {
        try
        {
            var arguments = CliArguments.Parse(args, Flags);
            var ct = CancellationToken.None;
            if (arguments.Words is ["mcp", ..])
            {
                return await Mcp.McpStdioServer.RunAsync(arguments, Console.OpenStandardInput(), Console.OpenStandardOutput(),
                    extra => BuildHost(configOverrides, extra), ct);
            }

            using var host = BuildHost(configOverrides);
            await RunStartupChecksAsync(host, ct);
            await using var scope = host.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ActorContext>().UseSystem(Actor);
            var commands = new CliCommands(scope.ServiceProvider, stdin, stdout);
            await commands.RunAsync(arguments, ct);
            return 0;
        }
        catch (Exception e) when (e is CliUsageException or ValidationFailedException or NotFoundException
            or ConnectorRegistrationException or VaultKeysInUseException or InUseException)
        {
            await stderr.WriteLineAsync($"error: {OneLine(e.Message)}");
            return 1;
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Database:Provider", StringComparison.Ordinal))
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        catch (CliFailureException e)
        {
            await stderr.WriteLineAsync($"error: {OneLine(e.Message)}");
            return 2;
        }
        catch (Exception e)
        {
            // Not the caller's input (a locked or unreachable database…): still one line, and a distinct code.
            await stderr.WriteLineAsync($"error: {e.GetType().Name}: {OneLine(e.Message)}");
            return 2;
        }
    }

    /// <summary>The actor (audit log, CreatedBy) of everything the CLI does.</summary>
    public const string Actor = "cli";

    /// <summary>The web host's start-up checks (a faulty connector, the IMAP fake ping in Production)
    /// guard the CLI too: its verbs sign in to real services. The domain's hosted services are all such
    /// checks; the framework's (DataProtection preloading its key ring, say) would touch the database
    /// before a verb has checked its input, so they are left out.</summary>
    private static async Task RunStartupChecksAsync(IHost host, CancellationToken ct)
    {
        var domain = typeof(ConnectorRegistry).Assembly;
        foreach (var check in host.Services.GetServices<IHostedService>().Where(s => s.GetType().Assembly == domain))
        {
            await check.StartAsync(ct);
        }
    }

    private static IHost BuildHost(IDictionary<string, string?>? configOverrides, Action<IServiceCollection>? extra = null)
    {
        // The environment is a host setting, fixed before configuration is read. The CLI runs in the web
        // app's: ASPNETCORE_ENVIRONMENT wins over DOTNET_ENVIRONMENT there, so here too (and tests override it).
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            EnvironmentName = configOverrides?.TryGetValue(HostDefaults.EnvironmentKey, out var environment) == true
                ? environment
                : Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"),
        });
        builder.UseSharedAppSettings();
        if (configOverrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(configOverrides);
        }

        // A CLI's standard output is its answer: framework logs go to stderr and only when they matter.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // A console-specific rule: it outranks the Logging:LogLevel section of appsettings.json (Information),
        // which would otherwise put every migration and HTTP call on standard error.
        builder.Logging.AddFilter<ConsoleLoggerProvider>(category: null, LogLevel.Warning);
        // A failed command (a duplicate label hitting the unique index, say) is the verb's one line, not a log.
        foreach (var category in QuietLogCategories.All)
        {
            builder.Logging.AddFilter<ConsoleLoggerProvider>(category, LogLevel.None);
        }

        // The unprotected-key-ring warning belongs to the server's start (the CLI still refuses in Production):
        // on every verb it would bury the verb's own one line.
        builder.Logging.AddFilter<ConsoleLoggerProvider>(typeof(Connectors.Domain.Vault.VaultKeyProtectionCheck).FullName, LogLevel.Error);

        builder.Services.AddConnectorsDomain(builder.Configuration);
        builder.Services.AddShippedConnectors(builder.Configuration);
        extra?.Invoke(builder.Services);
        return builder.Build();
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
