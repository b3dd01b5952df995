using System.Text.Json;
using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;

namespace Connectors.Web.Cli;

/// <summary><c>connectors list --tenant SLUG [--json]</c>: the read summary the admin UI shows
/// (<see cref="AccountQueries.GetSummaryAsync"/>), as a table or as JSON.</summary>
internal sealed class ConnectorsListCommand(IServiceProvider services, TextWriter stdout)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task RunAsync(CliArguments args, CancellationToken ct)
    {
        var (slug, asJson) = (args.Required("tenant"), args.Flag("json"));
        args.EnsureAllUsed();
        var tenant = await CliCommands.UseTenantAsync(services, slug, ct);
        var summary = await services.GetRequiredService<AccountQueries>().GetSummaryAsync(ct);
        if (asJson)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(ConnectorListJson.From(tenant.Slug, summary), Json));
            return;
        }

        foreach (var line in ConnectorListTable.Lines(summary))
        {
            await stdout.WriteLineAsync(line);
        }
    }
}
