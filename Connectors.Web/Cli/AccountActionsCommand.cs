using System.Globalization;
using Connectors.Domain.Accounts;

namespace Connectors.Web.Cli;

/// <summary><c>accounts check --tenant SLUG --id ID</c> runs a connection check now; <c>accounts preview --tenant SLUG
/// --id ID [--limit N]</c> prints the newest items the account would ingest (nothing is stored). The same services as
/// the account page's actions and the API.</summary>
internal sealed class AccountActionsCommand(IServiceProvider services, TextWriter stdout)
{
    public static readonly IReadOnlySet<string> Verbs = new HashSet<string> { "accounts check", "accounts preview" };

    public async Task RunAsync(string verb, CliArguments args, CancellationToken ct)
    {
        var slug = args.Required("tenant");
        var id = args.RequiredId("id");
        var limit = verb == "accounts preview" ? ParseLimit(args.Optional("limit")) : 0;
        args.EnsureAllUsed();
        await CliCommands.UseTenantAsync(services, slug, ct);
        if (verb == "accounts check")
        {
            var health = await services.GetRequiredService<AccountLifecycle>().TestConnectionAsync(id, ct);
            await stdout.WriteLineAsync($"{health.State}: {health.Message}");
            return;
        }

        var preview = await services.GetRequiredService<AccountPreviews>().PreviewAsync(id, limit, ct);
        if (preview.Error is { } error)
        {
            throw new CliFailureException($"The preview failed: {error}");
        }

        await stdout.WriteLineAsync($"{preview.Items.Count} newest item(s) the account would ingest (nothing was stored):");
        foreach (var item in preview.Items)
        {
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"- {item.Date:u}  {item.Title}{(item.Author is null ? "" : $" — {item.Author}")}{(item.Size is { } size ? $" ({size} bytes)" : "")}"));
            if (item.Excerpt.Length > 0)
            {
                await stdout.WriteLineAsync($"  {item.Excerpt}");
            }
        }
    }

    private static int ParseLimit(string? text) =>
        text is null ? AccountPreviews.DefaultLimit
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit
        : throw new CliUsageException($"--limit '{text}' is not a whole number.");
}
