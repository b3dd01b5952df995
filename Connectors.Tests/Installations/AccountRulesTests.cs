using Connectors.Domain.Accounts;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

/// <summary>The account rules, one test each.</summary>
public sealed class AccountRulesTests : TestBedTests
{

    [Fact]
    public async Task CreateAsync_LabelOmitted_DefaultsToDefault()
    {
        var outcome = await Bed.CreateMailAccountAsync(Bed.Acme, label: null);

        var account = await GetAsync(outcome.AccountId);
        account.Label.ShouldBe("default");
        account.Status.ShouldBe(InstallationStatus.Active);
    }

    [Fact]
    public async Task CreateAsync_SecondOmittedLabel_CollidesOnDefault()
    {
        await Bed.CreateMailAccountAsync(Bed.Acme, label: null);

        var error = await Should.ThrowAsync<DuplicateLabelException>(() => Bed.CreateMailAccountAsync(Bed.Acme, label: "  "));

        error.Label.ShouldBe("default");
        error.Errors["label"].ShouldContain("'default' already exists");
    }

    [Fact]
    public async Task CreateAsync_LabelDifferingOnlyInCase_IsDuplicate()
    {
        await Bed.CreateMailAccountAsync(Bed.Acme, "Support");

        var error = await Should.ThrowAsync<DuplicateLabelException>(() => Bed.CreateMailAccountAsync(Bed.Acme, "SUPPORT"));

        error.Errors["label"].ShouldContain("SUPPORT");
    }

    [Fact]
    public async Task CreateAsync_SameLabelInAnotherTenantOrConnector_IsAllowed()
    {
        await Bed.CreateMailAccountAsync(Bed.Acme, "Support");

        var otherTenant = await Bed.CreateMailAccountAsync(Bed.Globex, "Support");
        await using var scope = Bed.As(Bed.Acme);
        var otherConnector = await scope.ServiceProvider.GetRequiredService<OAuthGrants>()
            .BeginAsync(TestDriveConnector.ConnectorKey, "Support", null, Ct);

        otherTenant.Status.ShouldBe(InstallationStatus.Active);
        otherConnector.AccountId.ShouldNotBe(Guid.Empty);
    }

    [Theory]
    [InlineData("Support v2")]
    [InlineData("support-eu")]
    [InlineData("Zoë")]
    [InlineData("sales_team.1")]
    public async Task CreateAsync_ValidLabel_IsAccepted(string label)
    {
        var outcome = await Bed.CreateMailAccountAsync(Bed.Acme, label);

        (await GetAsync(outcome.AccountId)).Label.ShouldBe(label);
    }

    [Theory]
    [InlineData("bad/label")]
    [InlineData(" lead")]
    [InlineData("-x")]
    [InlineData("a label that is far too long for the sixty-four character limit ok")]
    public async Task CreateAsync_InvalidLabel_IsRejectedNamingTheField(string label)
    {
        var error = await Should.ThrowAsync<ValidationFailedException>(() => Bed.CreateMailAccountAsync(Bed.Acme, label));

        error.Errors.Keys.ShouldBe(["label"]);
        await AssertNoAccountsAsync();
    }

    [Fact]
    public async Task CreateAsync_TwentyParallelWithOneLabel_GivesOneAccountAndNineteenDuplicateErrors()
    {
        var attempts = Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                return (object)await Bed.CreateMailAccountAsync(Bed.Acme, "Support");
            }
            catch (Exception e)
            {
                return e;
            }
        });

        var results = await Task.WhenAll(attempts);

        results.OfType<ConfigureOutcome>().Count().ShouldBe(1);
        results.OfType<DuplicateLabelException>().Count().ShouldBe(19);
        results.Count(r => r is Exception and not DuplicateLabelException).ShouldBe(0);
        (await SummaryAccountsAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task CreateAsync_ProjectKeyNotInTenantRegistry_IsRejectedNamingTheKey()
    {
        var error = await Should.ThrowAsync<ValidationFailedException>(
            () => Bed.CreateMailAccountAsync(Bed.Globex, "Support", projectKey: "acme-hr"));

        error.Errors["projectKey"].ShouldContain("'acme-hr' does not exist");
        await AssertNoAccountsAsync();
    }

    [Fact]
    public async Task UpdateAsync_EmptyProjectKey_ClearsTheBinding()
    {
        var outcome = await Bed.CreateMailAccountAsync(Bed.Acme, "Support", projectKey: "acme-hr");
        await using var scope = Bed.As(Bed.Acme);
        var service = scope.ServiceProvider.GetRequiredService<AccountEditor>();

        var edited = await service.UpdateAsync(outcome.AccountId, new AccountEdit("Support", "", null), Ct);

        edited.ProjectKey.ShouldBeNull();
        edited.InheritsProject.ShouldBeTrue();
        edited.ResolvedProjectKey.ShouldBe("default");
    }

    [Fact]
    public async Task UpdateAsync_RenameOntoAnotherAccountsLabel_IsDuplicate()
    {
        await Bed.CreateMailAccountAsync(Bed.Acme, "Support");
        var sales = await Bed.CreateMailAccountAsync(Bed.Acme, "Sales");
        await using var scope = Bed.As(Bed.Acme);
        var editor = scope.ServiceProvider.GetRequiredService<AccountEditor>();
        var queries = scope.ServiceProvider.GetRequiredService<AccountQueries>();

        await Should.ThrowAsync<DuplicateLabelException>(
            () => editor.UpdateAsync(sales.AccountId, new AccountEdit("support", null, null), Ct));

        (await queries.GetAccountAsync(sales.AccountId, Ct)).Label.ShouldBe("Sales");
    }

    [Fact]
    public async Task BeginOAuthAsync_RegrantWithBlankProjectKey_KeepsBindingAndAccount()
    {
        await using var scope = Bed.As(Bed.Acme);
        var grants = scope.ServiceProvider.GetRequiredService<OAuthGrants>();
        var queries = scope.ServiceProvider.GetRequiredService<AccountQueries>();
        var first = await grants.BeginAsync(TestDriveConnector.ConnectorKey, "Drive", "engineering", Ct);

        var again = await grants.BeginAsync(TestDriveConnector.ConnectorKey, "drive", " ", Ct);

        again.AccountId.ShouldBe(first.AccountId);
        again.AuthorizeUrl.ShouldNotBe(first.AuthorizeUrl);
        var account = await queries.GetAccountAsync(first.AccountId, Ct);
        account.ProjectKey.ShouldBe("engineering");
        (await SummaryAccountsAsync(TestDriveConnector.ConnectorKey)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task GetSummaryAsync_Accounts_AreSortedByLabel()
    {
        foreach (var label in new[] { "sales", "Billing", "support" })
        {
            await Bed.CreateMailAccountAsync(Bed.Acme, label);
        }

        var accounts = await SummaryAccountsAsync();

        accounts.Select(a => a.Label).ShouldBe(["Billing", "sales", "support"]);
    }

    private async Task<AccountSummary> GetAsync(Guid id)
    {
        await using var scope = Bed.As(Bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetAccountAsync(id, Ct);
    }

    private async Task<IReadOnlyList<AccountSummary>> SummaryAccountsAsync(string connectorKey = TestMailConnector.ConnectorKey)
    {
        await using var scope = Bed.As(Bed.Acme);
        var summary = await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetSummaryAsync(Ct);
        return summary.Single(c => c.Key == connectorKey).Accounts;
    }

    private async Task AssertNoAccountsAsync() => (await SummaryAccountsAsync()).ShouldBeEmpty();
}
