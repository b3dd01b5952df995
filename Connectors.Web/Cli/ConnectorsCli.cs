using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Tenancy;
using Connectors.Web.Extensions;

namespace Connectors.Web.Cli;

/// <summary>
/// The admin CLI (DESIGN §12): <c>migrate</c>, <c>tenants add|list</c>, <c>projects add</c>,
/// <c>users add</c>. Each verb migrates the database first, runs as the platform itself and exits:
/// 0 on success, 1 with one line on standard error for bad input, 2 with one line when the
/// platform itself fails (the database cannot be opened, say).
/// </summary>
public static class ConnectorsCli
{
    private static readonly HashSet<string> Verbs = ["migrate", "tenants", "projects", "users"];

    public const string Usage = "usage: migrate | tenants add --slug S --name N [--default-project P] | tenants list | "
        + "projects add --tenant SLUG --key K --name N | users add --email E --tenant SLUG --role super-admin|admin|member [--support] (password on stdin)";

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(
        string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, IDictionary<string, string?>? configOverrides = null)
    {
        try
        {
            var arguments = CliArguments.Parse(args, flags: new HashSet<string> { "support" });
            using var host = BuildHost(configOverrides);
            await using var scope = host.Services.CreateAsyncScope();
            var ct = CancellationToken.None;
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
            scope.ServiceProvider.GetRequiredService<ActorContext>().UseSystem("cli");
            var commands = new CliCommands(scope.ServiceProvider, stdin, stdout);
            await commands.RunAsync(arguments, ct);
            return 0;
        }
        catch (Exception e) when (e is CliUsageException or ValidationFailedException or NotFoundException or ConnectorRegistrationException)
        {
            await stderr.WriteLineAsync($"error: {OneLine(e.Message)}");
            return 1;
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Database:Provider", StringComparison.Ordinal))
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        catch (Exception e)
        {
            // Not the caller's input (a locked or unreachable database…): still one line, and a distinct code.
            await stderr.WriteLineAsync($"error: {e.GetType().Name}: {OneLine(e.Message)}");
            return 2;
        }
    }

    private static IHost BuildHost(IDictionary<string, string?>? configOverrides)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.UseSharedAppSettings();
        if (configOverrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(configOverrides);
        }

        // A CLI's standard output is its answer: framework logs go to stderr and only when they matter.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddConnectorsDomain(builder.Configuration);
        builder.Services.AddShippedConnectors(builder.Configuration);
        return builder.Build();
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
