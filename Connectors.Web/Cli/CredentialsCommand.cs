using Connectors.Domain.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Web.Cli;

/// <summary>
/// <c>credentials list --tenant SLUG</c> lists the tenant's credentials (never a secret) and who uses each;
/// <c>credentials consolidate --tenant SLUG [--dry-run]</c> turns accounts of one connector that share the same
/// credential into users of one tenant credential — with <c>--dry-run</c> it prints what it would do and changes nothing.
/// Secrets are compared inside the command only and never printed. The same services as the page and the API.
/// </summary>
internal sealed class CredentialsCommand(IServiceProvider services, TextWriter stdout)
{
    public static readonly string[] Verbs = ["credentials list", "credentials consolidate"];

    public async Task RunAsync(string verb, CliArguments args, CancellationToken ct)
    {
        var slug = args.Required("tenant");
        if (verb == "credentials list")
        {
            args.EnsureAllUsed();
            await CliCommands.UseTenantAsync(services, slug, ct);
            foreach (var c in await services.GetRequiredService<TenantCredentials>().ListAsync(ct))
            {
                await stdout.WriteLineAsync($"{c.Id}  {c.Connector,-12} v{c.Version} {c.TestStatus,-8} {c.Name}: used by {c.UsedBy.Count} account(s)"
                    + (c.UsedBy.Count > 0 ? $" ({string.Join(", ", c.UsedBy.Select(u => u.Label))})" : ""));
            }

            return;
        }

        var dryRun = args.Flag("dry-run");
        args.EnsureAllUsed();
        await CliCommands.UseTenantAsync(services, slug, ct);
        var groups = await services.GetRequiredService<CredentialConsolidation>().RunAsync(dryRun, ct);
        if (groups.Count == 0)
        {
            await stdout.WriteLineAsync($"No accounts of tenant '{slug}' share a credential; nothing to consolidate.");
            return;
        }

        foreach (var group in groups)
        {
            await stdout.WriteLineAsync(dryRun
                ? $"would create {group.Connector} credential '{group.Name}' for {group.Accounts.Count} accounts: {string.Join(", ", group.Accounts)}"
                : $"created {group.Connector} credential '{group.Name}' ({group.CredentialId}) for {group.Accounts.Count} accounts: {string.Join(", ", group.Accounts)}");
        }

        await stdout.WriteLineAsync(dryRun
            ? $"Dry run: {groups.Count} credential(s) for {groups.Sum(g => g.Accounts.Count)} account(s) would be created; nothing changed."
            : $"Consolidated {groups.Sum(g => g.Accounts.Count)} account(s) into {groups.Count} tenant credential(s).");
    }
}
