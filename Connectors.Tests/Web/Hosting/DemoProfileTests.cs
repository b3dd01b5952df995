using Connectors.Domain.Accounts;
using Connectors.Domain.Administration;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Web.Hosting;

/// <summary>The README's one-line demo, run with the demo profile's settings: the stated password signs the
/// admin in, and an IMAP account on any host connects and syncs its three messages without a network.</summary>
public sealed class DemoProfileTests : IAsyncLifetime
{
    private readonly Dictionary<string, string> _demo = DemoProfile.Environment();
    private ConnectorsAppFactory _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        // The profile's settings as `dotnet run` gives them to the app, but on the test's own database.
        var settings = _demo
            .Where(s => s.Key is not ("ASPNETCORE_ENVIRONMENT" or "ConnectionStrings__Connectors"))
            .ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => (string?)s.Value);
        _app = new ConnectorsAppFactory(settings);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Demo_AdminWithTheStatedPassword_ConnectsAnImapAccountAndSyncsOffline()
    {
        using var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });

        var signedIn = await AppStartupTests.SignInAsync(browser, DatabaseSeeder.DefaultAdminEmail, _demo["Seed__AdminPassword"]);

        signedIn.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/admin");
        await using var scope = _app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(await WebSession.AcmeAsync(_app));
        scope.ServiceProvider.GetRequiredService<ActorContext>().Use("demo-admin", TenantRole.SuperAdmin);
        var outcome = await scope.ServiceProvider.GetRequiredService<ConfigureConnectorService>().CreateAsync("imap",
            new CredentialSubmission("Demo mailbox", "acme-hr", new Dictionary<string, object?>
            {
                ["auth_mode"] = "basic", ["host"] = "imap.demo.test", ["username"] = "me@demo.test", ["password"] = "anything",
            }), Ct);
        outcome.Status.ShouldBe(InstallationStatus.Active, outcome.Error);
        var run = await scope.ServiceProvider.GetRequiredService<SyncRunner>().RunAsync(outcome.AccountId, SyncTrigger.Manual, Ct);
        (run.Status, run.Added).ShouldBe((SyncRunStatus.Succeeded, 3));
    }
}
