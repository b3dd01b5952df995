using Connectors.Domain.Accounts;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

/// <summary>The per-account cadence: 5 minutes … 7 days, or null to inherit the connector's configured
/// cadence (here 60 min for the test mail connector) or the deployment's default.</summary>
public sealed class AccountCadenceTests : TestBedTests
{
    private Guid _account;

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        [$"Connectors:PerConnectorCadence:{TestMailConnector.ConnectorKey}"] = "60",
        ["Connectors:DefaultCadenceMinutes"] = "20",
    };

    protected override async Task SeedAsync()
    {
        _account = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support")).AccountId;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(10_081)]
    public async Task UpdateAsync_CadenceOutsideFiveMinutesToSevenDays_IsRefusedNamingTheCadence(int minutes)
    {
        await using var scope = Bed.As(Bed.Acme);
        var editor = scope.ServiceProvider.GetRequiredService<AccountEditor>();
        var queries = scope.ServiceProvider.GetRequiredService<AccountQueries>();

        var error = await Should.ThrowAsync<ValidationFailedException>(() => editor.UpdateAsync(_account, new AccountEdit("Support", null, minutes), Ct));

        error.Errors.Keys.ShouldBe(["cadenceMinutes"]);
        error.Errors["cadenceMinutes"].ShouldBe("The sync cadence must be between 5 minutes and 7 days (10080 minutes), or empty to inherit.");
        (await queries.GetAccountAsync(_account, Ct)).CadenceMinutes.ShouldBeNull();
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10_080)]
    public async Task UpdateAsync_CadenceAtTheBounds_IsStoredAndEffective(int minutes)
    {
        await using var scope = Bed.As(Bed.Acme);
        var editor = scope.ServiceProvider.GetRequiredService<AccountEditor>();
        var queries = scope.ServiceProvider.GetRequiredService<AccountQueries>();

        var updated = await editor.UpdateAsync(_account, new AccountEdit("Support", null, minutes), Ct);

        updated.CadenceMinutes.ShouldBe(minutes);
        updated.EffectiveCadenceMinutes.ShouldBe(minutes);
        (await queries.GetAccountAsync(_account, Ct)).CadenceMinutes.ShouldBe(minutes);
    }

    [Fact]
    public async Task UpdateAsync_NullAfterAnOwnCadence_InheritsTheConnectorsCadence()
    {
        await using var scope = Bed.As(Bed.Acme);
        var service = scope.ServiceProvider.GetRequiredService<AccountEditor>();
        await service.UpdateAsync(_account, new AccountEdit("Support", null, 30), Ct);

        var updated = await service.UpdateAsync(_account, new AccountEdit("Support", null, null), Ct);

        updated.CadenceMinutes.ShouldBeNull();
        updated.InheritedCadenceMinutes.ShouldBe(60);
        updated.EffectiveCadenceMinutes.ShouldBe(60);
    }

    [Fact]
    public async Task GetSummaryAsync_ConnectorWithoutItsOwnCadence_InheritsTheDefault()
    {
        await using var scope = Bed.As(Bed.Acme);
        var grants = scope.ServiceProvider.GetRequiredService<OAuthGrants>();
        var queries = scope.ServiceProvider.GetRequiredService<AccountQueries>();
        await grants.BeginAsync(TestDriveConnector.ConnectorKey, "Drive", null, Ct);

        var accounts = (await queries.GetSummaryAsync(Ct)).SelectMany(c => c.Accounts).ToDictionary(a => a.Label);

        accounts["Drive"].InheritedCadenceMinutes.ShouldBe(20);
        accounts["Support"].InheritedCadenceMinutes.ShouldBe(60);
    }
}
