using System.Security.Claims;
using Connectors.Domain.Accounts;
using Connectors.Domain.Administration;
using Connectors.Domain.Checks;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Notifications;
using Connectors.Domain.OAuth;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Connectors.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Web.Auth;

/// <summary>
/// The operation matrix again, inside the real app's container (its registrations, its IMAP connector
/// on fake ping, its policies): each kind of user's principal comes from the app's own claims factory
/// (plus the impersonation claims the start endpoint adds) and is applied to a scope exactly as a Blazor
/// circuit applies it.
/// </summary>
public sealed class RealAppOperationMatrixTests(RealAppOperationMatrixTests.App app) : IClassFixture<RealAppOperationMatrixTests.App>
{
    private const string Reconnect = "ConfigureConnectorService.ReconnectAsync";
    private const string Resume = "AccountLifecycle.ResumeAsync";

    /// <summary>How each mutating operation is called here, and the refusal it meets when the user may call it
    /// but the real app cannot complete it (no OAuth client is configured, no such state) — null: it succeeds.</summary>
    private static readonly Dictionary<string, (Func<IServiceProvider, Guid, Task> Call, Type? AllowedRefusal)> Calls = new()
    {
        ["ConfigureConnectorService.CreateAsync"] = ((sp, _) => Get<ConfigureConnectorService>(sp).CreateAsync("imap", App.Submission(App.NewLabel()), Ct), null),
        [Reconnect] = ((sp, account) => Get<ConfigureConnectorService>(sp).ReconnectAsync(account, App.Submission(null), Ct), null),
        ["OAuthGrants.BeginAsync"] = ((sp, _) => Get<OAuthGrants>(sp).BeginAsync("google-drive", App.NewLabel(), null, Ct), typeof(ValidationFailedException)),
        ["OAuthGrants.CompleteAsync"] = ((sp, _) => Get<OAuthGrants>(sp).CompleteAsync("no-such-state", "code", Ct), typeof(OAuthStateException)),
        ["AccountEditor.UpdateAsync"] = ((sp, account) => Get<AccountEditor>(sp).UpdateAsync(account, new AccountEdit(App.NewLabel(), "engineering", 60), Ct), null),
        ["AccountEditor.PatchAsync"] = ((sp, account) => Get<AccountEditor>(sp).PatchAsync(account, new AccountPatch { Label = App.NewLabel() }, Ct), null),
        ["AccountEditor.ApplyPatchAsync"] = ((sp, account) => Get<AccountEditor>(sp).ApplyPatchAsync(account, new AccountPatch { Label = App.NewLabel() }, Ct), null),
        ["AccountBulk.RunAsync"] = ((sp, account) => Get<AccountBulk>(sp).RunAsync(new BulkRequest { Action = BulkAction.Pause, AccountIds = [account] }, Ct), null),
        ["AccountSettingsService.UpdateAsync"] = ((sp, account) => Get<AccountSettingsService>(sp).UpdateAsync(
            account, new Dictionary<string, object?> { ["folders.include"] = new[] { "INBOX" }, ["date_window_days"] = 30 }, Ct), null),
        ["AccountSettingsService.DiscoverAsync"] = ((sp, account) => Get<AccountSettingsService>(sp).DiscoverAsync(account, "folders.include", Ct), null),
        ["AccountLifecycle.PauseAsync"] = ((sp, account) => Get<AccountLifecycle>(sp).PauseAsync(account, Ct), null),
        [Resume] = ((sp, account) => Get<AccountLifecycle>(sp).ResumeAsync(account, Ct), null),
        ["AccountLifecycle.TestConnectionAsync"] = ((sp, account) => Get<AccountLifecycle>(sp).TestConnectionAsync(account, Ct), null),
        ["AccountLifecycle.SyncNowAsync"] = ((sp, account) => Get<AccountLifecycle>(sp).SyncNowAsync(account, Ct), null),
        ["AccountLifecycle.FullResyncAsync"] = ((sp, account) => Get<AccountLifecycle>(sp).FullResyncAsync(account, Ct), null),
        ["AccountLifecycle.StartFirstSyncAsync"] = ((sp, account) => Get<AccountLifecycle>(sp).StartFirstSyncAsync(account, Ct), null),
        ["AccountLifecycle.DeleteAsync"] = ((sp, account) => Get<AccountLifecycle>(sp).DeleteAsync(account, deleteDocuments: true, Ct), null),
        ["ConnectionChecks.CheckNowAsync"] = ((sp, account) => Get<ConnectionChecks>(sp).CheckNowAsync(account, Ct), null),
        ["AccountPreviews.PreviewAsync"] = ((sp, account) => Get<AccountPreviews>(sp).PreviewAsync(account, 5, Ct), null),
        ["NotificationSettings.CreateChannelAsync"] = ((sp, _) => Get<NotificationSettings>(sp).CreateChannelAsync(
            new ChannelInput("email", "Ops", ["ops@acme.test"], null), Ct), null),
        ["NotificationSettings.SetChannelEnabledAsync"] = ((sp, _) => Get<NotificationSettings>(sp).SetChannelEnabledAsync(Guid.NewGuid(), false, Ct), typeof(NotFoundException)),
        ["NotificationSettings.DeleteChannelAsync"] = ((sp, _) => Get<NotificationSettings>(sp).DeleteChannelAsync(Guid.NewGuid(), Ct), typeof(NotFoundException)),
        ["NotificationSettings.SendTestAsync"] = ((sp, _) => Get<NotificationSettings>(sp).SendTestAsync(Guid.NewGuid(), Ct), typeof(NotFoundException)),
        ["NotificationSettings.CreateRuleAsync"] = ((sp, _) => Get<NotificationSettings>(sp).CreateRuleAsync(
            new RuleInput("All", ["sync.failed"], [], null, null), Ct), typeof(ValidationFailedException)),
        ["NotificationSettings.SetRuleEnabledAsync"] = ((sp, _) => Get<NotificationSettings>(sp).SetRuleEnabledAsync(Guid.NewGuid(), false, Ct), typeof(NotFoundException)),
        ["NotificationSettings.DeleteRuleAsync"] = ((sp, _) => Get<NotificationSettings>(sp).DeleteRuleAsync(Guid.NewGuid(), Ct), typeof(NotFoundException)),
        ["ProjectRegistry.AddAsync"] = ((sp, _) => Get<ProjectRegistry>(sp).AddAsync($"p-{Guid.NewGuid():N}"[..20], "New project", Ct), null),
        ["HeldRemovals.ApplyAsync"] = ((sp, a) => Get<HeldRemovals>(sp).ApplyAsync(a, Ct), typeof(NotFoundException)),
        ["HeldRemovals.KeepAsync"] = ((sp, a) => Get<HeldRemovals>(sp).KeepAsync(a, Ct), typeof(NotFoundException)),
        ["ProjectDeletion.DeleteAsync"] = ((sp, _) => Get<ProjectDeletion>(sp).DeleteAsync("no-such-project", Ct), typeof(NotFoundException)),
        ["TenantOAuthApps.SetAsync"] = ((sp, _) => Get<TenantOAuthApps>(sp).SetAsync("google-drive", "", null, Ct), typeof(ValidationFailedException)),
        ["TenantOAuthApps.RemoveAsync"] = ((sp, _) => Get<TenantOAuthApps>(sp).RemoveAsync("google-drive", Ct), typeof(NotFoundException)),
        ["CredentialConsolidation.RunAsync"] = ((sp, _) => Get<CredentialConsolidation>(sp).RunAsync(dryRun: true, Ct), null),
        ["TenantCredentials.CreateAsync"] = ((sp, _) => Get<TenantCredentials>(sp).CreateAsync(
            "confluence", "", new Dictionary<string, object?>(), Ct), typeof(ValidationFailedException)),
        ["TenantCredentials.RotateAsync"] = ((sp, _) => Get<TenantCredentials>(sp).RotateAsync(Guid.NewGuid(), null, new Dictionary<string, object?>(), Ct), typeof(NotFoundException)),
        ["TenantCredentials.TestAsync"] = ((sp, _) => Get<TenantCredentials>(sp).TestAsync(Guid.NewGuid(), Ct), typeof(NotFoundException)),
        ["TenantCredentials.DeleteAsync"] = ((sp, _) => Get<TenantCredentials>(sp).DeleteAsync(Guid.NewGuid(), Ct), typeof(NotFoundException)),
        ["AccountCredentialSwitch.SwitchAsync"] = ((sp, account) => Get<AccountCredentialSwitch>(sp).SwitchAsync(
            account, Guid.NewGuid(), null, Ct), typeof(ValidationFailedException)),
        ["ProjectRegistry.RenameAsync"] = ((sp, _) => Get<ProjectRegistry>(sp).RenameAsync("acme-hr", $"HR {Guid.NewGuid():N}"[..12], Ct), null),
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, Who> Matrix()
    {
        var data = new TheoryData<string, Who>();
        foreach (var operation in MutatingOperations.Names)
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                data.Add(operation, who);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task MutatingOperation_InTheRealApp_OnlySuperAdminAndFullAccessSupport(string operation, Who who)
    {
        var allowed = who is Who.SuperAdmin or Who.SupportFullAccess;
        var account = await app.NewAccountAsync(operation);
        var principal = await app.PrincipalAsync(who);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        TenantAccess.From(principal, DateTimeOffset.UtcNow)?.ApplyTo(
            scope.ServiceProvider.GetRequiredService<TenantContext>(), scope.ServiceProvider.GetRequiredService<ActorContext>());
        var policy = await scope.ServiceProvider.GetRequiredService<IAuthorizationService>().AuthorizeAsync(principal, Policies.ManageConnectors);

        var (call, allowedRefusal) = Calls.TryGetValue(operation, out var known)
            ? known
            : throw new InvalidOperationException($"The mutating operation {operation} has no call in the real-app matrix.");

        var error = await Record.ExceptionAsync(() => call(scope.ServiceProvider, account));

        policy.Succeeded.ShouldBe(allowed);
        if (allowed && allowedRefusal is null)
        {
            error.ShouldBeNull();
        }
        else if (allowed)
        {
            error.ShouldBeOfType(allowedRefusal!);
        }
        else
        {
            error.ShouldBeOfType<AccessDeniedException>();
        }
    }

    [Fact]
    public void EveryMutatingOperation_HasACallHere() =>
        MutatingOperations.Names.Where(n => !Calls.ContainsKey(n)).ShouldBeEmpty();

    private static T Get<T>(IServiceProvider sp)
        where T : notnull => sp.GetRequiredService<T>();

    /// <summary>The real app with IMAP fake ping, the role users, and fresh accounts on demand.</summary>
    public sealed class App : IAsyncLifetime
    {
        public ConnectorsAppFactory Factory { get; } = new(new Dictionary<string, string?> { ["CONNECTOR_IMAP_FAKE_PING"] = "true" });

        private Guid _acme;

        public async ValueTask InitializeAsync()
        {
            await WebSession.AddRoleUsersAsync(Factory);
            _acme = await WebSession.AcmeAsync(Factory);
        }

        public ValueTask DisposeAsync() => Factory.DisposeAsync();

        public static string NewLabel() => $"Mailbox {Guid.NewGuid():N}"[..20];

        public static CredentialSubmission Submission(string? label, string host = "imap.acme.test") => new(label, null, new Dictionary<string, object?>
        {
            ["host"] = host,
            ["username"] = "box@acme.test",
            ["password"] = "fake-ping-password",
        });

        /// <summary>An IMAP account created by the platform (not by the user under test) in the state the
        /// operation applies to: Pending (a refused login) for Reconnect, Paused for Resume, else Active.</summary>
        public async Task<Guid> NewAccountAsync(string operation)
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Use(_acme);
            scope.ServiceProvider.GetRequiredService<ActorContext>().UseSystem("matrix-setup");
            var submission = Submission(NewLabel(), operation == Reconnect ? "fail.example.com" : "imap.acme.test");
            var outcome = await scope.ServiceProvider.GetRequiredService<ConfigureConnectorService>().CreateAsync("imap", submission, Ct);
            outcome.Status.ShouldBe(operation == Reconnect ? InstallationStatus.Pending : InstallationStatus.Active);
            if (operation == Resume)
            {
                await scope.ServiceProvider.GetRequiredService<AccountLifecycle>().PauseAsync(outcome.AccountId, Ct);
            }

            return outcome.AccountId;
        }

        /// <summary>The principal the sign-in cookie carries for <paramref name="who"/>.</summary>
        public async Task<ClaimsPrincipal> PrincipalAsync(Who who)
        {
            var email = who switch
            {
                Who.Anonymous => null,
                Who.Member => WebSession.MemberEmail,
                Who.Admin => WebSession.AdminEmail,
                Who.SuperAdmin => DatabaseSeeder.DefaultAdminEmail,
                _ => DatabaseSeeder.DefaultSupportEmail,
            };
            if (email is null)
            {
                return new ClaimsPrincipal(new ClaimsIdentity());
            }

            await using var scope = Factory.Services.CreateAsyncScope();
            var user = (await scope.ServiceProvider.GetRequiredService<UserManager<ConnectorsUser>>().FindByEmailAsync(email))!;
            var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ConnectorsUser>>().CreateAsync(user);
            if (who is Who.SupportReadOnly or Who.SupportFullAccess)
            {
                var mode = who == Who.SupportFullAccess ? ImpersonationMode.FullAccess : ImpersonationMode.ReadOnly;
                ((ClaimsIdentity)principal.Identity!).AddClaims(new Impersonation(_acme, mode, DateTimeOffset.UtcNow.AddMinutes(60), "matrix").ToClaims());
            }

            return principal;
        }
    }
}
