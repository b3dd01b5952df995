using Connectors.Domain.Accounts;
using Connectors.Domain.Administration;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.Tests.Web.Hosting;

/// <summary>An expected refusal — "already syncing", a duplicate label — is the caller's answer (409, 422,
/// the form's message), not a fault: the web host logs it without an Error entry or a stack trace.</summary>
public sealed class RefusalLoggingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SyncNowTwiceAndDuplicateLabel_Refused_LogNoErrorAndNoStackTrace()
    {
        var logs = new CapturingLoggerProvider();
        // Sync off on this node: the first Sync now stays queued, so the second is refused deterministically.
        await using var app = new ConnectorsAppFactory(
            new Dictionary<string, string?> { ["CONNECTOR_IMAP_FAKE_PING"] = "true", ["Connectors:Sync:Enabled"] = "false" },
            services: s => s.AddSingleton<ILoggerProvider>(logs));
        var account = await AddImapAsync(app, "Support");
        await AsAcmeAsync(app, s => s.GetRequiredService<AccountLifecycle>().SyncNowAsync(account, Ct));
        logs.Lines.Clear();

        var busy = await Should.ThrowAsync<AlreadySyncingException>(() =>
            AsAcmeAsync(app, s => s.GetRequiredService<AccountLifecycle>().SyncNowAsync(account, Ct)));
        var duplicate = await Should.ThrowAsync<DuplicateLabelException>(() =>
            AsAcmeAsync(app, s => s.GetRequiredService<ConfigureConnectorService>().CreateAsync("imap", Imap("support"), Ct)));

        busy.Message.ShouldBe("'Support' is already syncing.");
        duplicate.Message.ShouldContain("'support'");
        logs.Lines.ShouldNotContain(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal),
            string.Join('\n', logs.Lines));
        logs.Lines.ShouldNotContain(l => l.Contains("   at ", StringComparison.Ordinal), string.Join('\n', logs.Lines));
    }

    private static CredentialSubmission Imap(string label) => new(label, null, new Dictionary<string, object?>
    {
        ["host"] = "imap.acme.test",
        ["username"] = "support@acme.test",
        ["password"] = "fake-ping-password",
    });

    private static async Task<Guid> AddImapAsync(ConnectorsAppFactory app, string label)
    {
        var outcome = await AsAcmeAsync(app, s => s.GetRequiredService<ConfigureConnectorService>().CreateAsync("imap", Imap(label), Ct));
        outcome.Succeeded.ShouldBeTrue(outcome.Error);
        return outcome.AccountId;
    }

    private static async Task<T> AsAcmeAsync<T>(ConnectorsAppFactory app, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var tenant = await scope.ServiceProvider.GetRequiredService<TenantDirectory>().GetBySlugAsync("acme", Ct);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenant.Id);
        scope.ServiceProvider.GetRequiredService<ActorContext>().Use("test-admin", TenantRole.SuperAdmin);
        return await action(scope.ServiceProvider);
    }
}
