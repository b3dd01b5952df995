using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Domain.Accounts;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

/// <summary>The account Settings action on the test mail connector's settings form (folder lists with
/// discovered options, a day window of 0–1000, a sender list).</summary>
public sealed class AccountSettingsServiceTests : TestBedTests
{
    private Guid _account;

    protected override async Task SeedAsync() => _account = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support")).AccountId;

    [Fact]
    public async Task GetAsync_NothingStored_EveryFieldHasItsDefault()
    {
        var settings = await GetAsync();

        settings.Form.Fields.Select(f => f.Name).ShouldBe(["folders.include", "folders.exclude", "window_days", "senders.exclude", "attachments", "attachments.max_kb"]);
        settings.Values["folders.include"].ShouldBe(Array.Empty<string>());
        settings.Values["folders.exclude"].ShouldBe(new[] { "Trash", "Spam" });
        settings.Values["window_days"].ShouldBe(365d);
        settings.Customized.ShouldBeEmpty();
    }

    [Fact]
    public async Task UpdateAsync_ListValue_IsTrimmedDeduplicatedBlanksDroppedAndStoredUnderTheDottedKey()
    {
        var updated = await UpdateAsync(new() { ["folders.include"] = new[] { " INBOX ", "Archive", "", "INBOX", "  " } });

        updated.Values["folders.include"].ShouldBe(new[] { "INBOX", "Archive" });
        updated.Customized.ShouldBe(["folders.include"]);
        var config = await ConfigAsync();
        config["folders.include"]!.ToJsonString().ShouldBe("""["INBOX","Archive"]""");
        config["connection"]!["host"]!.GetValue<string>().ShouldBe("imap.acme.test");
    }

    [Fact]
    public async Task UpdateAsync_JsonValuesAsTheApiSendsThem_AreCoerced()
    {
        var json = JsonDocument.Parse("""{"senders.exclude": ["news@example.test", " news@example.test "], "window_days": "30"}""").RootElement;

        var updated = await UpdateAsync(new()
        {
            ["senders.exclude"] = json.GetProperty("senders.exclude"),
            ["window_days"] = json.GetProperty("window_days"),
        });

        updated.Values["senders.exclude"].ShouldBe(new[] { "news@example.test" });
        updated.Values["window_days"].ShouldBe(30d);
        (await ConfigAsync())["window_days"]!.ToJsonString().ShouldBe("30");
    }

    [Fact]
    public async Task UpdateAsync_UnknownKey_IsRejectedByNameAndNothingSaved()
    {
        var error = await Should.ThrowAsync<ValidationFailedException>(() => UpdateAsync(new()
        {
            ["folders.include"] = new[] { "INBOX" },
            ["folders.everything"] = "yes",
        }));

        error.Errors.Keys.ShouldBe(["folders.everything"]);
        error.Errors["folders.everything"].ShouldBe("Unknown field 'folders.everything'.");
        (await ConfigAsync()).ContainsKey("folders.include").ShouldBeFalse();
    }

    [Theory]
    [InlineData("window_days", "many", "Days of mail to sync must be a number.")]
    [InlineData("folders.include", 42, "Folders to sync must be a list of text values.")]
    [InlineData("folders.include", true, "Folders to sync must be a list of text values.")]
    public async Task UpdateAsync_WrongType_IsRejectedNamingTheField(string field, object value, string message)
    {
        var error = await Should.ThrowAsync<ValidationFailedException>(() => UpdateAsync(new() { [field] = value }));

        error.Errors.ShouldBe(new Dictionary<string, string> { [field] = message });
    }

    [Fact]
    public async Task UpdateAsync_ListWithANumberAmongItsEntries_IsAWrongType()
    {
        var json = JsonDocument.Parse("""["INBOX", 7]""").RootElement;

        var error = await Should.ThrowAsync<ValidationFailedException>(() => UpdateAsync(new() { ["folders.include"] = json }));

        error.Errors["folders.include"].ShouldBe("Folders to sync must be a list of text values.");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task UpdateAsync_NumberOutOfRange_IsRejectedWithTheRange(double days)
    {
        var error = await Should.ThrowAsync<ValidationFailedException>(() => UpdateAsync(new() { ["window_days"] = days }));

        error.Errors["window_days"].ShouldBe("Days of mail to sync must be between 0 and 1000.");
    }

    [Fact]
    public async Task UpdateAsync_Null_RemovesTheKeySoTheDefaultApplies()
    {
        await UpdateAsync(new() { ["folders.exclude"] = new[] { "Junk" }, ["window_days"] = 10d });

        var updated = await UpdateAsync(new() { ["folders.exclude"] = null, ["window_days"] = null });

        updated.Values["folders.exclude"].ShouldBe(new[] { "Trash", "Spam" });
        updated.Values["window_days"].ShouldBe(365d);
        updated.Customized.ShouldBeEmpty();
        var config = await ConfigAsync();
        config.ContainsKey("folders.exclude").ShouldBeFalse();
        config.ContainsKey("window_days").ShouldBeFalse();
    }

    [Fact]
    public async Task UpdateAsync_EmptyList_IsKeptAsAnExplicitEmptyList()
    {
        var updated = await UpdateAsync(new() { ["folders.exclude"] = Array.Empty<string>() });

        updated.Values["folders.exclude"].ShouldBe(Array.Empty<string>());
        (await ConfigAsync())["folders.exclude"]!.ToJsonString().ShouldBe("[]");
    }

    [Fact]
    public async Task UpdateAsync_KeysNotGiven_AreLeftAsTheyWere()
    {
        await UpdateAsync(new() { ["senders.exclude"] = new[] { "a@example.test" } });

        var updated = await UpdateAsync(new() { ["window_days"] = 7 });

        updated.Values["senders.exclude"].ShouldBe(new[] { "a@example.test" });
        updated.Values["window_days"].ShouldBe(7d);
    }

    [Fact]
    public async Task UpdateAsync_Changes_AreAuditedNamingTheChangedKeysOnly()
    {
        await UpdateAsync(new() { ["folders.include"] = new[] { "INBOX" }, ["window_days"] = 365d });
        await UpdateAsync(new() { ["folders.include"] = null });

        var entries = await AuditAsync();
        entries.Select(e => e.Summary).ShouldBe([
            "Settings of 'Support' changed: folders.include, window_days.",
            "Settings of 'Support' changed: folders.include (reset to default).",
        ]);
        entries.ShouldAllBe(e => e.TargetId == _account.ToString() && e.ActorUserId == "user-1");
        entries.ShouldAllBe(e => !e.Summary.Contains("INBOX"));
    }

    [Fact]
    public async Task UpdateAsync_NothingChanged_WritesNoAuditEntry()
    {
        await UpdateAsync(new() { ["window_days"] = 20 });

        await UpdateAsync(new() { ["window_days"] = "20" });

        (await AuditAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task UpdateAsync_Admin_IsDeniedAndNothingChanges()
    {
        await using var scope = Bed.As(Bed.Acme, TenantRole.Admin);

        await Should.ThrowAsync<AccessDeniedException>(() => scope.ServiceProvider.GetRequiredService<AccountSettingsService>()
            .UpdateAsync(_account, new Dictionary<string, object?> { ["window_days"] = 1 }, Ct));

        (await ConfigAsync()).ContainsKey("window_days").ShouldBeFalse();
    }

    [Fact]
    public async Task GetAsync_Admin_IsAllowed()
    {
        await using var scope = Bed.As(Bed.Acme, TenantRole.Admin);

        var settings = await scope.ServiceProvider.GetRequiredService<AccountSettingsService>().GetAsync(_account, Ct);

        settings.Label.ShouldBe("Support");
    }

    [Fact]
    public async Task GetAsync_Member_IsDenied()
    {
        await using var scope = Bed.As(Bed.Acme, TenantRole.Member);

        await Should.ThrowAsync<AccessDeniedException>(() => scope.ServiceProvider.GetRequiredService<AccountSettingsService>().GetAsync(_account, Ct));
    }

    [Fact]
    public async Task EveryOperation_AccountOfAnotherTenantOrUnknown_IsNotFound()
    {
        await using var globex = Bed.As(Bed.Globex);
        var service = globex.ServiceProvider.GetRequiredService<AccountSettingsService>();

        await Should.ThrowAsync<NotFoundException>(() => service.GetAsync(_account, Ct));
        await Should.ThrowAsync<NotFoundException>(() => service.UpdateAsync(_account, new Dictionary<string, object?> { ["window_days"] = 1 }, Ct));
        await Should.ThrowAsync<NotFoundException>(() => service.DiscoverAsync(_account, "folders.include", Ct));
        await Should.ThrowAsync<NotFoundException>(() => service.GetAsync(Guid.NewGuid(), Ct));
        (await ConfigAsync()).ContainsKey("window_days").ShouldBeFalse();
    }

    [Fact]
    public async Task GetAsync_ConnectorWithoutSettings_IsNotFound()
    {
        await using var scope = Bed.As(Bed.Acme);
        var drive = await scope.ServiceProvider.GetRequiredService<OAuthGrants>().BeginAsync("test-drive", "Drive", null, Ct);

        var error = await Should.ThrowAsync<NotFoundException>(() => scope.ServiceProvider.GetRequiredService<AccountSettingsService>().GetAsync(drive.AccountId, Ct));

        error.Message.ShouldContain("has no settings");
    }

    [Fact]
    public async Task DiscoverAsync_ConnectorAnswers_ReturnsTheOptions()
    {
        var result = await DiscoverAsync("folders.include");

        result.Succeeded.ShouldBeTrue();
        result.Options.Select(o => o.Value).ShouldBe(["INBOX", "Archive", "Sent"]);
    }

    [Fact]
    public async Task DiscoverAsync_NoFoldersUpstream_SucceedsWithAnEmptyList()
    {
        Bed.Calls.Folders = [];

        var result = await DiscoverAsync("folders.exclude");

        (result.Succeeded, result.Options.Count).ShouldBe((true, 0));
    }

    [Fact]
    public async Task DiscoverAsync_ConnectorFails_IsAFailureWithTheReasonNotAnEmptyList()
    {
        Bed.Calls.DiscoveryFailure = "The IMAP server imap.acme.test:993 is unreachable: the connection was refused.";

        var result = await DiscoverAsync("folders.include");

        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldBe(Bed.Calls.DiscoveryFailure);
    }

    [Fact]
    public async Task DiscoverAsync_FieldWithoutDiscovery_IsRejectedByName()
    {
        var error = await Should.ThrowAsync<ValidationFailedException>(() => DiscoverAsync("window_days"));

        error.Errors.Keys.ShouldBe(["window_days"]);
        Bed.Calls.Discoveries.ShouldBeEmpty();
    }

    private async Task<AccountSettings> GetAsync()
    {
        await using var scope = Bed.As(Bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<AccountSettingsService>().GetAsync(_account, Ct);
    }

    private async Task<AccountSettings> UpdateAsync(Dictionary<string, object?> values)
    {
        await using var scope = Bed.As(Bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<AccountSettingsService>().UpdateAsync(_account, values, Ct);
    }

    private async Task<DiscoveryResult> DiscoverAsync(string field)
    {
        await using var scope = Bed.As(Bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<AccountSettingsService>().DiscoverAsync(_account, field, Ct);
    }

    private async Task<JsonObject> ConfigAsync()
    {
        await using var scope = Bed.As(Bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var json = await db.Installations.Where(i => i.Id == _account).Select(i => i.ConfigJson).SingleAsync(Ct);
        return JsonNode.Parse(json)!.AsObject();
    }

    private async Task<List<Domain.Auditing.AuditEntry>> AuditAsync()
    {
        await using var scope = Bed.As(Bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.AuditEntries.Where(e => e.Action == "account.settings.updated").OrderBy(e => e.Id).ToListAsync(Ct);
    }
}
