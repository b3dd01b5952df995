using System.Text.Json.Nodes;
using Connectors.Domain.Accounts;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

/// <summary>Project resolution: explicit → legacy config.project_key → tenant default → "default".</summary>
public sealed class ProjectResolutionTests
{
    [Fact]
    public void Resolve_ExplicitKey_WinsOverEverything() =>
        ProjectKeyResolver.Resolve("acme-hr", new JsonObject { ["project_key"] = "legacy" }, "engineering").ShouldBe("acme-hr");

    [Fact]
    public void Resolve_NoExplicitKey_UsesLegacyConfigKey() =>
        ProjectKeyResolver.Resolve(null, new JsonObject { ["project_key"] = "legacy" }, "engineering").ShouldBe("legacy");

    [Fact]
    public void Resolve_NoExplicitOrLegacyKey_UsesTenantDefault() =>
        ProjectKeyResolver.Resolve(" ", new JsonObject { ["project_key"] = "" }, "engineering").ShouldBe("engineering");

    [Fact]
    public void Resolve_NothingConfigured_FallsBackToDefault() =>
        ProjectKeyResolver.Resolve(null, null, null).ShouldBe("default");

    [Fact]
    public async Task GetAccountAsync_WalksTheChainThroughTheRealServices()
    {
        await using var bed = await ConnectorsTestBed.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var outcome = await bed.CreateMailAccountAsync(bed.Acme, "Support");
        await using var scope = bed.As(bed.Acme);
        var queries = scope.ServiceProvider.GetRequiredService<AccountQueries>();
        var editor = scope.ServiceProvider.GetRequiredService<AccountEditor>();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>();

        var inherited = await queries.GetAccountAsync(outcome.AccountId, ct);
        await SetTenantDefaultAsync(factory, bed.Acme, "engineering");
        var tenantDefault = await queries.GetAccountAsync(outcome.AccountId, ct);
        await SetLegacyKeyAsync(factory, outcome.AccountId, "acme-hr");
        var legacy = await queries.GetAccountAsync(outcome.AccountId, ct);
        var explicitBinding = await editor.UpdateAsync(outcome.AccountId, new AccountEdit("Support", "engineering", null), ct);

        inherited.ResolvedProjectKey.ShouldBe("default");
        tenantDefault.ResolvedProjectKey.ShouldBe("engineering");
        legacy.ResolvedProjectKey.ShouldBe("acme-hr");
        explicitBinding.ResolvedProjectKey.ShouldBe("engineering");
    }

    [Theory]
    [InlineData("{\"host\":\"mail.test\",\"project_key\":\"acme-hr\"}", "acme-hr")]
    [InlineData("{\"host\":\"mail.test\",\"project\\u005fkey\":\"acme-hr\"}", "acme-hr")]
    [InlineData("{\"host\":\"mail.test\"}", "engineering")]
    [InlineData("{\"note\":\"a \\\"quoted\\\" word\"}", "engineering")]
    public async Task GetSummaryAsync_LegacyKeyPlainOrEscapedOrAbsent_ResolvesAsTheAccountPageDoes(string configJson, string expected)
    {
        // The summary skips the config lookup when the text cannot hold the legacy key: an escaped name
        // ("project\u005fkey" is "project_key") must still be found.
        await using var bed = await ConnectorsTestBed.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var outcome = await bed.CreateMailAccountAsync(bed.Acme, "Support");
        await using var scope = bed.As(bed.Acme);
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>();
        await SetTenantDefaultAsync(factory, bed.Acme, "engineering");
        await using (var db = factory.CreateDbContext())
        {
            await db.Installations.Where(i => i.Id == outcome.AccountId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.ConfigJson, configJson), ct);
        }

        var queries = scope.ServiceProvider.GetRequiredService<AccountQueries>();
        var listed = (await queries.GetSummaryAsync(ct)).SelectMany(c => c.Accounts).Single(a => a.Id == outcome.AccountId);
        var page = await queries.GetAccountAsync(outcome.AccountId, ct);

        listed.ResolvedProjectKey.ShouldBe(expected);
        page.ResolvedProjectKey.ShouldBe(expected);
        listed.Config.ToJsonString().ShouldBe(page.Config.ToJsonString());
    }

    private static async Task SetTenantDefaultAsync(IDbContextFactory<ConnectorsDbContext> factory, Guid tenantId, string key)
    {
        await using var db = factory.CreateDbContext();
        await db.Tenants.Where(t => t.Id == tenantId).ExecuteUpdateAsync(s => s.SetProperty(t => t.DefaultProjectKey, key));
    }

    private static async Task SetLegacyKeyAsync(IDbContextFactory<ConnectorsDbContext> factory, Guid accountId, string key)
    {
        await using var db = factory.CreateDbContext();
        var account = await db.Installations.SingleAsync(i => i.Id == accountId);
        var config = JsonNode.Parse(account.ConfigJson)!.AsObject();
        config["project_key"] = key;
        account.ConfigJson = config.ToJsonString();
        await db.SaveChangesAsync();
    }
}
