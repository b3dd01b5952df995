using Connectors.Domain.Accounts;
using Connectors.Domain.Errors;

namespace Connectors.Web.Cli;

/// <summary>
/// <c>accounts bulk --tenant SLUG --action sync|pause|resume|move|cadence|delete [--status S ...] [--connector K]
/// [--project P] [--q TEXT] [--stale] [--id ID ...] [--to-project P] [--cadence N|inherit] [--delete-documents]
/// [--dry-run]</c>: the bulk action of the accounts table through <see cref="AccountBulk"/>. The accounts are the
/// given ids, else every account the filter matches (no filter: all of the tenant's). Prints one line per account
/// and a count; exits 2 when any account failed, so a script never takes a partial run for a whole one.
/// </summary>
internal sealed class AccountsBulkCommand(IServiceProvider services, TextWriter stdout)
{
    private static readonly string[] Actions = ["sync", "pause", "resume", "move", "cadence", "delete"];

    public async Task RunAsync(CliArguments args, CancellationToken ct)
    {
        var slug = args.Required("tenant");
        var actionText = args.Required("action");
        var action = Array.IndexOf(Actions, actionText) is var index and >= 0
            ? (BulkAction)index
            : throw new CliUsageException($"--action must be one of {string.Join(", ", Actions)}.");
        var ids = args.ManyIds("id");
        var filter = Filter(args);
        var request = new BulkRequest
        {
            Action = action,
            AccountIds = ids.Count > 0 ? ids : null,
            Filter = ids.Count > 0 ? null : filter,
            DryRun = args.Flag("dry-run"),
            ProjectKey = action == BulkAction.Move ? args.Required("to-project") : null,
            CadenceMinutes = action == BulkAction.Cadence ? Cadence(args.Required("cadence")) : null,
            DeleteDocuments = args.Flag("delete-documents"),
        };
        if (ids.Count > 0 && !filter.IsUnfiltered)
        {
            throw new CliUsageException("Give either --id or filter options (--status, --connector, --project, --q, --stale), not both.");
        }

        args.EnsureAllUsed();
        await CliCommands.UseTenantAsync(services, slug, ct);
        var result = await services.GetRequiredService<AccountBulk>().RunAsync(request, ct);
        foreach (var item in result.Items)
        {
            var outcome = ConnectorListJson.Kebab(item.Outcome);
            await stdout.WriteLineAsync($"{outcome,-11} {item.Label} ({item.AccountId}){(item.Reason is null ? "" : " - " + item.Reason)}");
        }

        var counts = string.Join(", ", result.Items.GroupBy(i => i.Outcome)
            .OrderBy(g => g.Key switch { BulkOutcome.Applied => 0, BulkOutcome.WillApply => 1, BulkOutcome.Failed => 2, _ => 3 })
            .Select(g => $"{g.Count()} {ConnectorListJson.Kebab(g.Key)}"));
        await stdout.WriteLineAsync(result.Items.Count == 0
            ? "No account matched."
            : $"{(result.DryRun ? "Dry run, nothing changed" : "Done")}: {counts}.");
        if (result.Count(BulkOutcome.Failed) > 0)
        {
            throw new CliFailureException($"{result.Count(BulkOutcome.Failed)} of {result.Items.Count} accounts failed; the lines above say why.");
        }
    }

    private static AccountTableQuery Filter(CliArguments args)
    {
        var values = new Dictionary<string, IReadOnlyList<string>>
        {
            ["q"] = One(args.Optional("q")),
            ["status"] = args.Many("status"),
            ["connector"] = One(args.Optional("connector")),
            ["project"] = One(args.Optional("project")),
            ["stale"] = args.Flag("stale") ? ["true"] : [],
        };
        try
        {
            return AccountTableQuery.Parse(name => values.GetValueOrDefault(name) ?? []);
        }
        catch (ValidationFailedException e)
        {
            throw new CliUsageException(string.Join("; ", e.Errors.Select(p => $"--{p.Key}: {p.Value}")));
        }
    }

    private static int? Cadence(string text) =>
        text == "inherit" ? null
        : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minutes) ? minutes
        : throw new CliUsageException($"--cadence must be a number of minutes or 'inherit', not '{text}'.");

    private static IReadOnlyList<string> One(string? value) => value is null ? [] : [value];
}
