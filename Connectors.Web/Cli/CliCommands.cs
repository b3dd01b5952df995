using Connectors.Domain.Administration;
using Connectors.Domain.Data;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;

namespace Connectors.Web.Cli;

/// <summary>The verbs themselves, over the same domain services as the web app.</summary>
internal sealed class CliCommands(IServiceProvider services, TextReader stdin, TextWriter stdout)
{
    private static readonly HashSet<string> Known =
    [
        "migrate", "tenants add", "tenants list", "projects add", "users add", "users set-password", "connectors list", "accounts add", "accounts bulk", HeldRemovalsCommand.Verb, AccountSettingsCommand.Verb,
        "vault reprotect", "vault rotate", "vault keys", "vault revoke-old-keys",
    ];

    public async Task RunAsync(CliArguments args, CancellationToken ct)
    {
        var verb = string.Join(' ', args.Words);
        if (!Known.Contains(verb) && !NotificationsCommand.Verbs.Contains(verb) && !AccountActionsCommand.Verbs.Contains(verb)
            && !CredentialsCommand.Verbs.Contains(verb) && !ProjectsCommand.Verbs.Contains(verb))
        {
            throw new CliUsageException($"Unknown command '{verb}'. {ConnectorsCli.Usage}");
        }

        if (verb == "accounts add")
        {
            // Checks its input against the connector's form before the database is touched.
            await new AccountsAddCommand(services, stdin, stdout).RunAsync(args, MigrateAsync, ct);
            return;
        }

        await MigrateAsync(ct);
        switch (verb)
        {
            case "migrate":
                args.EnsureAllUsed();
                await stdout.WriteLineAsync("Database is up to date.");
                break;
            case "tenants add":
                await AddTenantAsync(args, ct);
                break;
            case "tenants list":
                args.EnsureAllUsed();
                await ListTenantsAsync(ct);
                break;
            case "projects add":
                await AddProjectAsync(args, ct);
                break;
            case "users add":
                await AddUserAsync(args, ct);
                break;
            case "users set-password":
                await new UsersSetPasswordCommand(services, stdin, stdout).RunAsync(args, ct);
                break;
            case "connectors list":
                await new ConnectorsListCommand(services, stdout).RunAsync(args, ct);
                break;
            case AccountSettingsCommand.Verb:
                await new AccountSettingsCommand(services, stdout).RunAsync(args, ct);
                break;
            case HeldRemovalsCommand.Verb:
                await new HeldRemovalsCommand(services, stdout).RunAsync(args, ct);
                break;
            case "accounts bulk":
                await new AccountsBulkCommand(services, stdout).RunAsync(args, ct);
                break;
            case "vault keys" or "vault rotate" or "vault reprotect" or "vault revoke-old-keys":
                await new VaultCommands(services, stdout).RunAsync(args.Words[1], args, ct);
                break;
            case var action when AccountActionsCommand.Verbs.Contains(action):
                await new AccountActionsCommand(services, stdout).RunAsync(action, args, ct);
                break;
            case var projectsVerb when ProjectsCommand.Verbs.Contains(projectsVerb):
                await new ProjectsCommand(services, stdout).RunAsync(projectsVerb, args, ct);
                break;
            case var credentialVerb when CredentialsCommand.Verbs.Contains(credentialVerb):
                await new CredentialsCommand(services, stdout).RunAsync(credentialVerb, args, ct);
                break;
            case var notifications when NotificationsCommand.Verbs.Contains(notifications):
                await new NotificationsCommand(services, stdout).RunAsync(notifications, args, ct);
                break;
            default:
                throw new InvalidOperationException($"The verb '{verb}' is listed as known but has no handler.");
        }
    }

    /// <summary>Selects the tenant for the rest of the verb (the CLI acts as the platform, with manage
    /// rights, inside it).</summary>
    internal static async Task<TenantSummary> UseTenantAsync(IServiceProvider services, string slug, CancellationToken ct)
    {
        var tenant = await services.GetRequiredService<TenantDirectory>().GetBySlugAsync(slug, ct);
        services.GetRequiredService<TenantContext>().Use(tenant.Id);
        return tenant;
    }

    private Task MigrateAsync(CancellationToken ct) => Get<DatabaseMigrator>().MigrateAsync(ct);

    private async Task AddTenantAsync(CliArguments args, CancellationToken ct)
    {
        var (slug, name, defaultProject) = (args.Required("slug"), args.Required("name"), args.Optional("default-project"));
        args.EnsureAllUsed();
        var tenant = await Get<TenantDirectory>().AddAsync(slug, name, defaultProject, ct);
        await stdout.WriteLineAsync($"Tenant '{tenant.Slug}' created (default project '{tenant.DefaultProjectKey}').");
    }

    private async Task ListTenantsAsync(CancellationToken ct)
    {
        var tenants = await Get<TenantDirectory>().ListAsync(ct);
        await stdout.WriteLineAsync($"{"SLUG",-24} {"NAME",-32} DEFAULT PROJECT");
        foreach (var tenant in tenants)
        {
            await stdout.WriteLineAsync($"{tenant.Slug,-24} {tenant.Name,-32} {tenant.DefaultProjectKey}");
        }
    }

    private async Task AddProjectAsync(CliArguments args, CancellationToken ct)
    {
        var (tenantSlug, key, name) = (args.Required("tenant"), args.Required("key"), args.Required("name"));
        args.EnsureAllUsed();
        var tenant = await UseTenantAsync(services, tenantSlug, ct);
        var project = await Get<ProjectRegistry>().AddAsync(key, name, ct);
        await stdout.WriteLineAsync($"Project '{project.Key}' added to tenant '{tenant.Slug}'.");
    }

    private async Task AddUserAsync(CliArguments args, CancellationToken ct)
    {
        var email = args.Required("email");
        var isSupport = args.Flag("support");
        var tenantSlug = isSupport ? args.Optional("tenant") : args.Required("tenant");
        var role = ParseRole(isSupport && tenantSlug is null ? args.Optional("role") ?? "member" : args.Required("role"));
        args.EnsureAllUsed();
        var password = await stdin.ReadLineAsync(ct);
        if (string.IsNullOrEmpty(password))
        {
            throw new CliUsageException("No password on standard input: pipe it in, e.g. `read -s P && echo \"$P\" | ... users add ...`.");
        }

        var tenantId = tenantSlug is null ? (Guid?)null : (await Get<TenantDirectory>().GetBySlugAsync(tenantSlug, ct)).Id;
        var user = await Get<UserDirectory>().AddAsync(email, password, tenantId, role, isSupport, ct);
        var where = tenantSlug is null ? "no tenant" : $"tenant '{tenantSlug}' as {args.Optional("role")}";
        await stdout.WriteLineAsync($"User '{user.Email}' created ({where}{(isSupport ? ", platform support" : "")}).");
    }

    private static TenantRole ParseRole(string role) => role switch
    {
        "super-admin" => TenantRole.SuperAdmin,
        "admin" => TenantRole.Admin,
        "member" => TenantRole.Member,
        _ => throw new CliUsageException($"--role '{role}' is not one of: super-admin, admin, member."),
    };

    private T Get<T>()
        where T : notnull => services.GetRequiredService<T>();
}
