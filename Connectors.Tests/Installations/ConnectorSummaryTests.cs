using Connectors.Domain.Accounts;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

/// <summary>The one read summary shared by the UI, the API and the CLI.</summary>
public sealed class ConnectorSummaryTests : TestBedTests
{
    [Fact]
    public async Task GetAccountAsync_NewAccount_CarriesWhenItWasCreated()
    {
        var created = Bed.Clock.GetUtcNow().UtcDateTime;
        var support = await Bed.CreateMailAccountAsync(Bed.Acme, "Support");
        Bed.Clock.Advance(TimeSpan.FromHours(1));
        await using var scope = Bed.As(Bed.Acme, Domain.Tenancy.TenantRole.Admin);

        var account = await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetAccountAsync(support.AccountId, Ct);

        account.CreatedAt.ShouldBe(created);
    }

    [Fact]
    public async Task GetSummaryAsync_ListsEveryConnectorWithAuthKindFormScopesAndAccounts()
    {
        var support = await Bed.CreateMailAccountAsync(Bed.Acme, "Support", projectKey: "acme-hr");
        await using var scope = Bed.As(Bed.Acme, Domain.Tenancy.TenantRole.Admin);

        var summary = await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetSummaryAsync(Ct);

        summary.Select(c => c.Key).ShouldBe([TestDriveConnector.ConnectorKey, TestMailConnector.ConnectorKey]);
        var mail = summary.Single(c => c.Key == TestMailConnector.ConnectorKey);
        mail.AuthKind.ShouldBe(ConnectorAuthKind.Credential);
        mail.CredentialForm!.Fields.Select(f => f.Name).ShouldContain("password");
        mail.IconUrl.ShouldBe("/connectors/test-mail.svg");
        mail.IsConfigured.ShouldBeTrue();
        var account = mail.Accounts.ShouldHaveSingleItem();
        (account.Id, account.Label, account.ProjectKey, account.Status).ShouldBe((support.AccountId, "Support", "acme-hr", InstallationStatus.Active));
        var drive = summary.Single(c => c.Key == TestDriveConnector.ConnectorKey);
        drive.AuthKind.ShouldBe(ConnectorAuthKind.OAuth);
        drive.CredentialForm.ShouldBeNull();
        drive.OAuthScopes.ShouldBe(["files.read"]);
        drive.Accounts.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetSummaryAsync_ConnectorMissingDeploymentSettings_SaysWhichAndRefusesToStart()
    {
        Bed.Calls.DriveMissingConfiguration = "Connectors:OAuth:drive:ClientId";
        await using var scope = Bed.As(Bed.Acme);
        var queries = scope.ServiceProvider.GetRequiredService<AccountQueries>();
        var grants = scope.ServiceProvider.GetRequiredService<OAuthGrants>();

        var drive = (await queries.GetSummaryAsync(Ct)).Single(c => c.Key == TestDriveConnector.ConnectorKey);
        var error = await Should.ThrowAsync<ValidationFailedException>(
            () => grants.BeginAsync(TestDriveConnector.ConnectorKey, "Drive", null, Ct));

        drive.IsConfigured.ShouldBeFalse();
        drive.MissingConfiguration.ShouldBe("Connectors:OAuth:drive:ClientId");
        error.Errors["connector"].ShouldBe("Test drive is not configured on this deployment: set Connectors:OAuth:drive:ClientId.");
    }

    [Fact]
    public async Task BeginOAuthAsync_CredentialConnector_IsRefused()
    {
        await using var scope = Bed.As(Bed.Acme);

        var error = await Should.ThrowAsync<ValidationFailedException>(() => scope.ServiceProvider
            .GetRequiredService<OAuthGrants>().BeginAsync(TestMailConnector.ConnectorKey, "Mail", null, Ct));

        error.Errors["connector"].ShouldContain("credential form");
    }

    [Fact]
    public async Task CreateAsync_UnknownConnector_ReadsAsNotFound()
    {
        await using var scope = Bed.As(Bed.Acme);

        var error = await Should.ThrowAsync<NotFoundException>(() => scope.ServiceProvider
            .GetRequiredService<ConfigureConnectorService>().CreateAsync("fax", ConnectorsTestBed.MailSubmission("x"), Ct));

        error.Message.ShouldBe("Connector 'fax' is not registered.");
    }
}
