using System.Security.Claims;
using Connectors.Domain.Accounts;
using Connectors.Domain.Administration;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
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
    private static readonly string[] Operations =
        ["Create", "Reconnect", "Update", "UpdateSettings", "DiscoverSettingOptions", "Pause", "Resume", "TestConnection", "SyncNow", "Delete", "AddProject", "RenameProject"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, Who> Matrix()
    {
        var data = new TheoryData<string, Who>();
        foreach (var operation in Operations)
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

        var error = await Record.ExceptionAsync(Call(scope.ServiceProvider, operation, account));

        policy.Succeeded.ShouldBe(allowed);
        if (allowed)
        {
            error.ShouldBeNull();
        }
        else
        {
            error.ShouldBeOfType<AccessDeniedException>();
        }
    }

    private static Func<Task> Call(IServiceProvider sp, string operation, Guid account)
    {
        var editor = sp.GetRequiredService<AccountEditor>();
        var lifecycle = sp.GetRequiredService<AccountLifecycle>();
        var configure = sp.GetRequiredService<ConfigureConnectorService>();
        var projects = sp.GetRequiredService<ProjectRegistry>();
        return operation switch
        {
            "Create" => () => configure.CreateAsync("imap", App.Submission(App.NewLabel()), Ct),
            "Reconnect" => () => configure.ReconnectAsync(account, App.Submission(null), Ct),
            "Update" => () => editor.UpdateAsync(account, new AccountEdit(App.NewLabel(), "engineering", 60), Ct),
            "UpdateSettings" => () => sp.GetRequiredService<AccountSettingsService>().UpdateAsync(
                account, new Dictionary<string, object?> { ["folders.include"] = new[] { "INBOX" }, ["date_window_days"] = 30 }, Ct),
            "DiscoverSettingOptions" => () => sp.GetRequiredService<AccountSettingsService>().DiscoverAsync(account, "folders.include", Ct),
            "Pause" => () => lifecycle.PauseAsync(account, Ct),
            "Resume" => () => lifecycle.ResumeAsync(account, Ct),
            "TestConnection" => () => lifecycle.TestConnectionAsync(account, Ct),
            "SyncNow" => () => lifecycle.SyncNowAsync(account, Ct),
            "Delete" => () => lifecycle.DeleteAsync(account, deleteDocuments: true, Ct),
            "AddProject" => () => projects.AddAsync($"p-{Guid.NewGuid():N}"[..20], "New project", Ct),
            "RenameProject" => () => projects.RenameAsync("acme-hr", $"HR {Guid.NewGuid():N}"[..12], Ct),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
    }

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
            var submission = Submission(NewLabel(), operation == "Reconnect" ? "fail.example.com" : "imap.acme.test");
            var outcome = await scope.ServiceProvider.GetRequiredService<ConfigureConnectorService>().CreateAsync("imap", submission, Ct);
            outcome.Status.ShouldBe(operation == "Reconnect" ? InstallationStatus.Pending : InstallationStatus.Active);
            if (operation == "Resume")
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
