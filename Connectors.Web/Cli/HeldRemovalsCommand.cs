using Connectors.Domain.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Web.Cli;

/// <summary>
/// <c>accounts held-removals --tenant SLUG --id ID [--apply | --keep]</c>: what the deletion brake holds for the account,
/// and the decision — <c>--apply</c> removes exactly the held documents, <c>--keep</c> keeps them. Audited like the page.
/// </summary>
internal sealed class HeldRemovalsCommand(IServiceProvider services, TextWriter stdout)
{
    public const string Verb = "accounts held-removals";

    public async Task RunAsync(CliArguments args, CancellationToken ct)
    {
        var slug = args.Required("tenant");
        var id = args.RequiredId("id");
        var (apply, keep) = (args.Flag("apply"), args.Flag("keep"));
        args.EnsureAllUsed();
        if (apply && keep)
        {
            throw new CliUsageException("Choose one of --apply and --keep.");
        }

        await CliCommands.UseTenantAsync(services, slug, ct);
        var held = services.GetRequiredService<HeldRemovals>();
        if (apply || keep)
        {
            var count = apply ? await held.ApplyAsync(id, ct) : await held.KeepAsync(id, ct);
            await stdout.WriteLineAsync(apply ? $"Removed the {count} held document(s)." : $"Kept the {count} held document(s).");
            return;
        }

        var view = await held.GetAsync(id, ct);
        await stdout.WriteLineAsync(view is null
            ? "No removals are held for this account."
            : $"{view.Count} removal(s) held since {view.HeldAt:u} (run {view.RunId}); decide with --apply or --keep.");
    }
}
