using Connectors.Domain.Accounts;
using Connectors.Domain.Checks;
using Connectors.Domain.Data;
using Connectors.Domain.Notifications;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Connectors.Tests.Infrastructure;

/// <summary>
/// Every mutating operation of the domain services against one existing account — the rows of the
/// authorization matrices. The operations are not listed by hand: <see cref="Names"/> are discovered from the
/// compiled domain, as every public method that checks <see cref="ActorContext.EnsureCanManage"/> (itself, in
/// its async body, or through a private method of its class). Each needs a call in <see cref="Calls"/>; a new
/// operation without one fails <c>MutatingOperationsTests</c>.
/// </summary>
public static class MutatingOperations
{
    public static readonly IReadOnlyList<string> Names = Discover();

    /// <summary>How each operation is called in the matrix, by <c>Class.Method</c>.</summary>
    public static readonly IReadOnlyDictionary<string, Func<IServiceProvider, Guid, CancellationToken, Task>> Calls =
        new Dictionary<string, Func<IServiceProvider, Guid, CancellationToken, Task>>
        {
            ["ConfigureConnectorService.CreateAsync"] = (sp, _, ct) =>
                Get<ConfigureConnectorService>(sp).CreateAsync(TestMailConnector.ConnectorKey, ConnectorsTestBed.MailSubmission("Sales"), ct),
            ["ConfigureConnectorService.ReconnectAsync"] = (sp, account, ct) =>
                Get<ConfigureConnectorService>(sp).ReconnectAsync(account, ConnectorsTestBed.MailSubmission(null), ct),
            ["OAuthGrants.BeginAsync"] = (sp, _, ct) => Get<OAuthGrants>(sp).BeginAsync(TestDriveConnector.ConnectorKey, "Drive", null, ct),
            ["OAuthGrants.CompleteAsync"] = (sp, _, ct) => Get<OAuthGrants>(sp).CompleteAsync("no-such-state", "code", ct),
            ["AccountEditor.UpdateAsync"] = (sp, account, ct) => Get<AccountEditor>(sp).UpdateAsync(account, new AccountEdit("Renamed", null, null), ct),
            ["AccountEditor.PatchAsync"] = (sp, account, ct) => Get<AccountEditor>(sp).PatchAsync(account, new AccountPatch { Label = "Patched" }, ct),
            ["AccountEditor.ApplyPatchAsync"] = (sp, account, ct) => Get<AccountEditor>(sp).ApplyPatchAsync(account, new AccountPatch { Label = "Patched" }, ct),
            ["AccountBulk.RunAsync"] = (sp, account, ct) => Get<AccountBulk>(sp).RunAsync(
                new BulkRequest { Action = BulkAction.Pause, AccountIds = [account] }, ct),
            ["AccountSettingsService.UpdateAsync"] = (sp, account, ct) => Get<AccountSettingsService>(sp).UpdateAsync(
                account, new Dictionary<string, object?> { ["folders.include"] = new[] { "INBOX" } }, ct),
            ["AccountSettingsService.DiscoverAsync"] = (sp, account, ct) => Get<AccountSettingsService>(sp).DiscoverAsync(account, "folders.include", ct),
            ["AccountLifecycle.PauseAsync"] = (sp, account, ct) => Get<AccountLifecycle>(sp).PauseAsync(account, ct),
            ["AccountLifecycle.ResumeAsync"] = (sp, account, ct) => Get<AccountLifecycle>(sp).ResumeAsync(account, ct),
            ["AccountLifecycle.TestConnectionAsync"] = (sp, account, ct) => Get<AccountLifecycle>(sp).TestConnectionAsync(account, ct),
            ["AccountLifecycle.SyncNowAsync"] = (sp, account, ct) => Get<AccountLifecycle>(sp).SyncNowAsync(account, ct),
            ["AccountLifecycle.FullResyncAsync"] = (sp, account, ct) => Get<AccountLifecycle>(sp).FullResyncAsync(account, ct),
            ["AccountLifecycle.StartFirstSyncAsync"] = (sp, account, ct) => Get<AccountLifecycle>(sp).StartFirstSyncAsync(account, ct),
            ["AccountLifecycle.DeleteAsync"] = (sp, account, ct) => Get<AccountLifecycle>(sp).DeleteAsync(account, deleteDocuments: false, ct),
            ["ConnectionChecks.CheckNowAsync"] = (sp, account, ct) => Get<ConnectionChecks>(sp).CheckNowAsync(account, ct),
            ["AccountPreviews.PreviewAsync"] = (sp, account, ct) => Get<AccountPreviews>(sp).PreviewAsync(account, 5, ct),
            ["NotificationSettings.CreateChannelAsync"] = (sp, _, ct) => Get<NotificationSettings>(sp).CreateChannelAsync(
                new ChannelInput("email", "Ops", ["ops@acme.test"], null), ct),
            ["NotificationSettings.SetChannelEnabledAsync"] = (sp, _, ct) => Get<NotificationSettings>(sp).SetChannelEnabledAsync(Guid.NewGuid(), false, ct),
            ["NotificationSettings.DeleteChannelAsync"] = (sp, _, ct) => Get<NotificationSettings>(sp).DeleteChannelAsync(Guid.NewGuid(), ct),
            ["NotificationSettings.SendTestAsync"] = (sp, _, ct) => Get<NotificationSettings>(sp).SendTestAsync(Guid.NewGuid(), ct),
            ["NotificationSettings.CreateRuleAsync"] = (sp, _, ct) => Get<NotificationSettings>(sp).CreateRuleAsync(
                new RuleInput("All", ["sync.failed"], [], null, null), ct),
            ["NotificationSettings.SetRuleEnabledAsync"] = (sp, _, ct) => Get<NotificationSettings>(sp).SetRuleEnabledAsync(Guid.NewGuid(), false, ct),
            ["NotificationSettings.DeleteRuleAsync"] = (sp, _, ct) => Get<NotificationSettings>(sp).DeleteRuleAsync(Guid.NewGuid(), ct),
            ["ProjectRegistry.AddAsync"] = (sp, _, ct) => Get<ProjectRegistry>(sp).AddAsync("new-project", "New", ct),
            ["HeldRemovals.ApplyAsync"] = (sp, a, ct) => Get<HeldRemovals>(sp).ApplyAsync(a, ct),
            ["HeldRemovals.KeepAsync"] = (sp, a, ct) => Get<HeldRemovals>(sp).KeepAsync(a, ct),
            ["ProjectDeletion.DeleteAsync"] = (sp, _, ct) => Get<ProjectDeletion>(sp).DeleteAsync("engineering", ct),
            ["TenantOAuthApps.SetAsync"] = (sp, _, ct) => Get<TenantOAuthApps>(sp).SetAsync(TestDriveConnector.ConnectorKey, "", null, ct),
            ["TenantOAuthApps.RemoveAsync"] = (sp, _, ct) => Get<TenantOAuthApps>(sp).RemoveAsync(TestDriveConnector.ConnectorKey, ct),
            ["CredentialConsolidation.RunAsync"] = (sp, _, ct) => Get<CredentialConsolidation>(sp).RunAsync(dryRun: true, ct),
            ["TenantCredentials.CreateAsync"] = (sp, _, ct) => Get<TenantCredentials>(sp).CreateAsync(
                TestMailConnector.ConnectorKey, "Shared", new Dictionary<string, object?>(), ct),
            ["TenantCredentials.RotateAsync"] = (sp, _, ct) => Get<TenantCredentials>(sp).RotateAsync(Guid.NewGuid(), null, new Dictionary<string, object?>(), ct),
            ["TenantCredentials.TestAsync"] = (sp, _, ct) => Get<TenantCredentials>(sp).TestAsync(Guid.NewGuid(), ct),
            ["TenantCredentials.DeleteAsync"] = (sp, _, ct) => Get<TenantCredentials>(sp).DeleteAsync(Guid.NewGuid(), ct),
            ["AccountCredentialSwitch.SwitchAsync"] = (sp, account, ct) => Get<AccountCredentialSwitch>(sp).SwitchAsync(
                account, Guid.NewGuid(), null, ct),
            ["ProjectRegistry.RenameAsync"] = (sp, _, ct) => Get<ProjectRegistry>(sp).RenameAsync("acme-hr", "Renamed", ct),
        };

    public static Func<Task> For(IServiceProvider sp, string operation, Guid account, CancellationToken ct) =>
        Calls.TryGetValue(operation, out var call)
            ? () => call(sp, account, ct)
            : throw new ArgumentOutOfRangeException(nameof(operation), $"No call for the mutating operation {operation}.");

    private static T Get<T>(IServiceProvider sp)
        where T : notnull => sp.GetRequiredService<T>();

    /// <summary>Public methods of the domain that reach <c>ActorContext.EnsureCanManage</c>, read from the IL.</summary>
    private static List<string> Discover()
    {
        using var module = ModuleDefinition.ReadModule(typeof(ConnectorsDbContext).Assembly.Location);
        var found = new List<string>();
        foreach (var type in module.Types.Where(t => t.IsClass && t.FullName != typeof(ActorContext).FullName))
        {
            var checks = new Dictionary<MethodDefinition, bool>();
            foreach (var method in type.Methods.Where(m => m.IsPublic && !m.IsConstructor))
            {
                if (Reaches(method, type, checks, []))
                {
                    found.Add($"{type.Name}.{method.Name}");
                }
            }
        }

        return [.. found.Distinct().Order(StringComparer.Ordinal)];
    }

    private static bool Reaches(MethodDefinition method, TypeDefinition owner, Dictionary<MethodDefinition, bool> known, HashSet<MethodDefinition> visiting)
    {
        if (known.TryGetValue(method, out var result))
        {
            return result;
        }

        if (!visiting.Add(method))
        {
            return false;
        }

        result = false;
        foreach (var called in CalledBy(method))
        {
            if (called.Name == nameof(ActorContext.EnsureCanManage) && called.DeclaringType.FullName == typeof(ActorContext).FullName)
            {
                result = true;
                break;
            }

            if (called.DeclaringType.FullName == owner.FullName && called.Resolve() is { } local && Reaches(local, owner, known, visiting))
            {
                result = true;
                break;
            }
        }

        known[method] = result;
        return result;
    }

    /// <summary>The methods a method calls, counting its async state machine's body as its own.</summary>
    private static IEnumerable<MethodReference> CalledBy(MethodDefinition method)
    {
        var bodies = new List<MethodBody>();
        if (method.HasBody)
        {
            bodies.Add(method.Body);
        }

        var machine = method.CustomAttributes
            .FirstOrDefault(a => a.AttributeType.Name == "AsyncStateMachineAttribute")?
            .ConstructorArguments[0].Value as TypeReference;
        if (machine?.Resolve()?.Methods.FirstOrDefault(m => m.Name == "MoveNext") is { HasBody: true } moveNext)
        {
            bodies.Add(moveNext.Body);
        }

        return bodies.SelectMany(b => b.Instructions)
            .Where(i => i.OpCode == OpCodes.Call || i.OpCode == OpCodes.Callvirt)
            .Select(i => i.Operand)
            .OfType<MethodReference>();
    }
}
