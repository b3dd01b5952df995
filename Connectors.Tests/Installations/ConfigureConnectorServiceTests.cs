using Connectors.Domain.Accounts;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Vault;
using Connectors.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

public sealed class ConfigureConnectorServiceTests : TestBedTests
{

    [Fact]
    public async Task CreateAsync_LoginSucceeds_AccountActiveAndSecretVaulted()
    {
        var outcome = await Bed.CreateMailAccountAsync(Bed.Acme, "Support", password: "right-Passw0rd");

        outcome.Status.ShouldBe(InstallationStatus.Active);
        outcome.Error.ShouldBeNull();
        var (account, vaulted) = await ReadAsync(outcome.AccountId);
        account.Status.ShouldBe(InstallationStatus.Active);
        account.Error.ShouldBeNull();
        account.Config.ToJsonString().ShouldNotContain("right-Passw0rd");
        account.Config["connection"]!["host"]!.GetValue<string>().ShouldBe("imap.acme.test");
        vaulted!.Secrets["password"].ShouldBe("right-Passw0rd");
    }

    [Fact]
    public async Task CreateAsync_LoginRefused_StaysPendingWithErrorAndVaultsNothing()
    {
        var outcome = await Bed.CreateMailAccountAsync(Bed.Acme, "Support", password: TestMailConnector.WrongPassword);

        outcome.Status.ShouldBe(InstallationStatus.Pending);
        outcome.Error.ShouldBe(TestMailConnector.RefusalReason);
        var (account, vaulted) = await ReadAsync(outcome.AccountId);
        account.Status.ShouldBe(InstallationStatus.Pending);
        account.Error!.Message.ShouldBe(TestMailConnector.RefusalReason);
        account.Error.Kind.ShouldBe("auth");
        vaulted.ShouldBeNull();
    }

    [Fact]
    public async Task CreateAsync_OAuthModeSubmission_StaysPendingWithAuthorizeUrl()
    {
        var outcome = await Bed.CreateMailAccountAsync(Bed.Acme, "Gmail", authMode: "oauth");

        outcome.Status.ShouldBe(InstallationStatus.Pending);
        outcome.AuthorizeUrl!.Host.ShouldBe("provider.test");
        outcome.AuthorizeUrl.Query.ShouldContain("code_challenge=");
        var (account, vaulted) = await ReadAsync(outcome.AccountId);
        account.Config["auth_mode"]!.GetValue<string>().ShouldBe("oauth");
        account.Config["provider"]!.GetValue<string>().ShouldBe("google");
        account.Config["connection"]!.AsObject().Select(p => p.Key).ShouldBe(["username"]);
        vaulted.ShouldBeNull();
        Bed.Calls.Logins.ShouldBeEmpty();
    }

    [Fact]
    public async Task CreateAsync_InvalidForm_PersistsNothingAndNamesTheFields()
    {
        var submission = new CredentialSubmission("Support", null, new Dictionary<string, object?>
        {
            ["auth_mode"] = "basic",
            ["port"] = "99999",
            ["username"] = "support@acme.test",
        });
        await using var scope = Bed.As(Bed.Acme);
        var service = scope.ServiceProvider.GetRequiredService<ConfigureConnectorService>();

        var error = await Should.ThrowAsync<ValidationFailedException>(
            () => service.CreateAsync(TestMailConnector.ConnectorKey, submission, Ct));

        error.Errors.Keys.OrderBy(k => k).ShouldBe(["host", "password", "port"]);
        var summary = await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetSummaryAsync(Ct);
        summary.SelectMany(c => c.Accounts).ShouldBeEmpty();
    }

    [Fact]
    public async Task CreateAsync_BadLabelProjectAndFields_OneAnswerNamesEveryField()
    {
        var submission = new CredentialSubmission("-bad", "nope", new Dictionary<string, object?> { ["auth_mode"] = "carrier-pigeon", ["extra"] = "x" });
        await using var scope = Bed.As(Bed.Acme);

        var error = await Should.ThrowAsync<ValidationFailedException>(() => scope.ServiceProvider
            .GetRequiredService<ConfigureConnectorService>().CreateAsync(TestMailConnector.ConnectorKey, submission, Ct));

        error.Errors.Keys.OrderBy(k => k, StringComparer.Ordinal).ShouldBe(["auth_mode", "extra", "label", "projectKey", "username"]);
        error.Errors["auth_mode"].ShouldBe("Authentication must be one of: basic, oauth.");
        error.Errors["extra"].ShouldBe("Unknown field 'extra'.");
        error.Errors["projectKey"].ShouldBe("Project 'nope' does not exist in this tenant.");
    }

    [Fact]
    public async Task CreateAsync_LabelHeldByActiveAccount_IsRejected()
    {
        var active = await Bed.CreateMailAccountAsync(Bed.Acme, "Support");

        var error = await Should.ThrowAsync<DuplicateLabelException>(() => Bed.CreateMailAccountAsync(Bed.Acme, "support"));

        error.ExistingAccountId.ShouldBe(active.AccountId);
    }

    [Fact]
    public async Task CreateAsync_LabelHeldByPendingAccount_IsRejectedPointingAtReconnect()
    {
        var pending = await Bed.CreateMailAccountAsync(Bed.Acme, "Support", password: TestMailConnector.WrongPassword);

        var error = await Should.ThrowAsync<DuplicateLabelException>(() => Bed.CreateMailAccountAsync(Bed.Acme, "Support"));

        error.ExistingAccountId.ShouldBe(pending.AccountId);
    }

    [Fact]
    public async Task ReconnectAsync_PendingAccount_KeepsIdAndTurnsActive()
    {
        var pending = await Bed.CreateMailAccountAsync(Bed.Acme, "Support", password: TestMailConnector.WrongPassword, projectKey: "acme-hr");
        await using var scope = Bed.As(Bed.Acme);
        var service = scope.ServiceProvider.GetRequiredService<ConfigureConnectorService>();

        var outcome = await service.ReconnectAsync(pending.AccountId, ConnectorsTestBed.MailSubmission(null, "fixed-Passw0rd"), Ct);

        outcome.AccountId.ShouldBe(pending.AccountId);
        outcome.Status.ShouldBe(InstallationStatus.Active);
        var (account, vaulted) = await ReadAsync(pending.AccountId);
        account.ProjectKey.ShouldBe("acme-hr");
        account.Error.ShouldBeNull();
        vaulted!.Secrets["password"].ShouldBe("fixed-Passw0rd");
    }

    [Fact]
    public async Task ReconnectAsync_ActiveAccount_IsRejected()
    {
        var active = await Bed.CreateMailAccountAsync(Bed.Acme, "Support");
        await using var scope = Bed.As(Bed.Acme);
        var service = scope.ServiceProvider.GetRequiredService<ConfigureConnectorService>();

        var error = await Should.ThrowAsync<ValidationFailedException>(
            () => service.ReconnectAsync(active.AccountId, ConnectorsTestBed.MailSubmission(null), Ct));

        error.Errors["status"].ShouldContain("Active");
    }

    [Fact]
    public async Task ReconnectAsync_LoginRefusedAgain_KeepsOldSecretAndRecordsError()
    {
        var pending = await Bed.CreateMailAccountAsync(Bed.Acme, "Support", password: TestMailConnector.WrongPassword);
        await using var scope = Bed.As(Bed.Acme);
        var service = scope.ServiceProvider.GetRequiredService<ConfigureConnectorService>();

        var outcome = await service.ReconnectAsync(pending.AccountId, ConnectorsTestBed.MailSubmission(null, TestMailConnector.WrongPassword), Ct);

        outcome.Status.ShouldBe(InstallationStatus.Pending);
        outcome.Error.ShouldBe(TestMailConnector.RefusalReason);
        (await ReadAsync(pending.AccountId)).Vaulted.ShouldBeNull();
    }

    private async Task<(AccountSummary Account, VaultEntry? Vaulted)> ReadAsync(Guid id)
    {
        await using var scope = Bed.As(Bed.Acme);
        var account = await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetAccountAsync(id, Ct);
        var vaulted = await scope.ServiceProvider.GetRequiredService<CredentialVault>().GetAsync(id, Ct);
        return (account, vaulted);
    }
}
