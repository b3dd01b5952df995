using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;

namespace Connectors.Web.Cli;

/// <summary>
/// <c>accounts add --tenant SLUG --connector KEY --label L [--project P] [--field name=value ...]</c>:
/// creates a credential account through <see cref="ConfigureConnectorService.CreateAsync"/> — the UI's
/// validator and sign-in. Secret fields are read from standard input, one line each in form order
/// (only those the given fields make visible), and refused as <c>--field</c> before anything is
/// touched. The outcome is all or nothing: an account the service could not sign in, or one whose
/// sign-in needs a browser (OAuth consent), is deleted again, so a corrected run can simply be repeated.
/// </summary>
internal sealed class AccountsAddCommand(IServiceProvider services, TextReader stdin, TextWriter stdout)
{
    public async Task RunAsync(CliArguments args, Func<CancellationToken, Task> migrate, CancellationToken ct)
    {
        var (slug, key, label, project) = (args.Required("tenant"), args.Required("connector"), args.Required("label"), args.Optional("project"));
        var given = args.Many("field");
        args.EnsureAllUsed();
        var connector = services.GetRequiredService<ConnectorRegistry>().Find(key)
            ?? throw new NotFoundException($"Connector '{key}' is not registered.");
        if (connector is not ISupportsCredentialForm { CredentialForm: var form })
        {
            throw new CliUsageException($"{connector.DisplayName} ({connector.Key}) connects through OAuth: the provider's consent "
                + "needs a browser. Add the account in the admin UI (/admin/connectors).");
        }

        var values = CliFormValues.Parse(form, given);
        await migrate(ct);
        var tenant = await CliCommands.UseTenantAsync(services, slug, ct);
        await CliFormValues.ReadSecretsAsync(form, values, stdin, ct);
        var outcome = await CreateAsync(connector.Key, form, new CredentialSubmission(label, project, values), ct);
        if (outcome.Succeeded)
        {
            await stdout.WriteLineAsync(
                $"Created account '{label}' ({connector.Key}) in tenant '{tenant.Slug}': id {outcome.AccountId}, status {ConnectorListJson.Kebab(outcome.Status)}.");
            return;
        }

        await services.GetRequiredService<AccountLifecycle>().DeleteAsync(outcome.AccountId, deleteDocuments: true, ct);
        throw new CliUsageException(outcome.AuthorizeUrl is not null
            ? $"'{label}' signs in through the provider's consent in a browser, which the command line cannot give: "
                + "add it in the admin UI (/admin/connectors). Nothing was kept."
            : $"Sign-in refused for '{label}': {outcome.Error} Nothing was kept.");
    }

    private async Task<ConfigureOutcome> CreateAsync(string key, FormSchema form, CredentialSubmission submission, CancellationToken ct)
    {
        try
        {
            return await services.GetRequiredService<ConfigureConnectorService>().CreateAsync(key, submission, ct);
        }
        catch (ValidationFailedException e) when (e is not DuplicateLabelException)
        {
            // One line naming each rejected input the way it was given on the command line.
            throw new CliUsageException(string.Join("; ", e.Errors.Select(p => p.Key switch
            {
                "label" => $"--label '{submission.Label}': {p.Value}",
                "projectKey" or "connector" => p.Value,
                _ when form.Find(p.Key)?.Target == FieldTarget.Secret => $"{p.Key} (standard input): {p.Value}",
                _ => $"--field {p.Key}: {p.Value}",
            })));
        }
    }
}
