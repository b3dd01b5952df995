using Connectors.Domain.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Web.Cli;

/// <summary>
/// Where documents land, from the command line: <c>accounts targets --tenant SLUG --id ID [--project P ...]</c> sets an
/// account's further target projects (the list replaces the stored one; none clears it), and <c>projects delete --tenant
/// SLUG --key K</c> deletes a project no account ingests into. The same services as the pages and the API.
/// </summary>
internal sealed class ProjectsCommand(IServiceProvider services, TextWriter stdout)
{
    public static readonly string[] Verbs = ["accounts targets", "projects delete"];

    public async Task RunAsync(string verb, CliArguments args, CancellationToken ct)
    {
        var slug = args.Required("tenant");
        if (verb == "projects delete")
        {
            var key = args.Required("key");
            args.EnsureAllUsed();
            await CliCommands.UseTenantAsync(services, slug, ct);
            var documents = await services.GetRequiredService<ProjectDeletion>().DeleteAsync(key, ct);
            await stdout.WriteLineAsync($"Project '{key.Trim()}' deleted{(documents > 0 ? $" with {documents} document(s) of deleted accounts" : "")}.");
            return;
        }

        var id = args.RequiredId("id");
        var projects = args.Many("project");
        args.EnsureAllUsed();
        await CliCommands.UseTenantAsync(services, slug, ct);
        var account = await services.GetRequiredService<AccountEditor>().PatchAsync(id,
            new AccountPatch { SetsTargetProjects = true, TargetProjects = projects }, ct);
        await stdout.WriteLineAsync(account.TargetProjects.Count == 0
            ? $"'{account.Label}' ingests into {account.ResolvedProjectKey} only."
            : $"'{account.Label}' ingests into {account.ResolvedProjectKey}; its documents also appear in {string.Join(", ", account.TargetProjects)}.");
    }
}
