using Connectors.Domain.Auditing;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Events;
using Connectors.Domain.Notifications;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Connectors.Domain.Vault;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandardWebhooks;

namespace Connectors.Tests.Notifications;

/// <summary>Channels and rules as an admin sets them up: validation naming the field, the host guard on webhook
/// URLs, the secret shown once and kept in the vault, rules filtering by connector and project, and the audit.</summary>
public sealed class NotificationSettingsTests : IAsyncLifetime
{
    private ConnectorsTestBed _bed = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _bed = await ConnectorsTestBed.CreateAsync();

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public void Signing_MatchesTheStandardWebhooksSpecificationsPublishedExample()
    {
        // The example of the Standard Webhooks specification (and Svix's documentation).
        var signature = new StandardWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            .Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", DateTimeOffset.FromUnixTimeSeconds(1614265330), "{\"test\": 2432232314}");

        signature.ShouldBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    [Fact]
    public void NewSecret_HasTheStandardWebhooksForm_AndDiffersEachTime()
    {
        var secret = WebhookSender.NewSecret();

        secret.ShouldStartWith("whsec_");
        Convert.FromBase64String(secret["whsec_".Length..]).Length.ShouldBe(32);
        WebhookSender.NewSecret().ShouldNotBe(secret);
    }

    [Theory]
    [InlineData("https://169.254.169.254/latest/meta-data", "link-local, metadata")]
    [InlineData("https://127.0.0.1:8443/hooks", "private or loopback")]
    [InlineData("https://10.1.2.3/hooks", "private or loopback")]
    [InlineData("http://hooks.example.test/x", "must use https://")]
    [InlineData("https://user:pw@hooks.example.test/x", "user name or password")]
    [InlineData("ftp://hooks.example.test/x", "starting with https://")]
    [InlineData("", "Enter the endpoint's URL")]
    public async Task WebhookUrl_ThatTheHostGuardOrTheRulesRefuse_IsRejectedNamingTheUrlField(string url, string reason)
    {
        // As deployed: private and loopback hosts are not allowed (the test bed allows them for its local fakes).
        await using var strict = await ConnectorsTestBed.CreateAsync(new Dictionary<string, string?> { ["Connectors:Network:AllowPrivateHosts"] = "false" });
        await using var scope = strict.As(strict.Acme);
        var settings = scope.ServiceProvider.GetRequiredService<NotificationSettings>();

        var error = await Should.ThrowAsync<ValidationFailedException>(() => settings.CreateChannelAsync(new ChannelInput("webhook", "Hook", null, url), Ct));

        error.Errors.Keys.ShouldBe(["url"]);
        error.Errors["url"].ShouldContain(reason);
        (await settings.ListChannelsAsync(Ct)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("", null, "name", "Enter a name.")]
    [InlineData("Ops", "not-an-address", "recipients", "'not-an-address' is not an email address.")]
    [InlineData("Ops", "", "recipients", "Enter at least one email address.")]
    public async Task EmailChannel_BadInput_NamesTheField(string name, string? recipient, string field, string message)
    {
        var error = await Should.ThrowAsync<ValidationFailedException>(() =>
            CreateAsync(new ChannelInput("email", name, recipient is null ? ["ops@acme.test"] : [recipient], null)));

        error.Errors[field].ShouldBe(message);
    }

    [Fact]
    public async Task UnknownKind_IsRejectedNamingTheKindField()
    {
        var error = await Should.ThrowAsync<ValidationFailedException>(() => CreateAsync(new ChannelInput("pager", "Ops", null, null)));

        error.Errors["kind"].ShouldBe("Choose the channel's kind: email or webhook.");
    }

    [Fact]
    public async Task WebhookChannel_SecretIsReturnedOnce_KeptEncryptedInTheVault_AndNeverListed()
    {
        await using var bed = await ConnectorsTestBed.CreateAsync(new Dictionary<string, string?> { ["Connectors:Network:AllowPrivateHosts"] = "true" });
        await using var scope = bed.As(bed.Acme);
        var settings = scope.ServiceProvider.GetRequiredService<NotificationSettings>();

        var created = await settings.CreateChannelAsync(new ChannelInput("webhook", "Ops hook", null, "http://127.0.0.1:9/hooks"), Ct);

        created.Secret.ShouldNotBeNull().ShouldStartWith("whsec_");
        var listed = System.Text.Json.JsonSerializer.Serialize(await settings.ListChannelsAsync(Ct));
        listed.ShouldNotContain(created.Secret["whsec_".Length..]);
        var bytes = await File.ReadAllBytesAsync(bed.Database.FilePath, Ct);
        System.Text.Encoding.UTF8.GetString(bytes).ShouldNotContain(created.Secret["whsec_".Length..]);
        (await scope.ServiceProvider.GetRequiredService<CredentialVault>().GetOwnedSecretAsync(created.Id, Ct))
            .ShouldBe(created.Secret);
        var audit = await AuditAsync(bed);
        audit.ShouldContain(a => a.Action == "notification.channel_created" && a.Summary == "Created webhook channel 'Ops hook' to 127.0.0.1.");
    }

    [Fact]
    public async Task Rule_BadInput_NamesEachField()
    {
        await using var scope = _bed.As(_bed.Acme);
        var settings = scope.ServiceProvider.GetRequiredService<NotificationSettings>();

        var error = await Should.ThrowAsync<ValidationFailedException>(() =>
            settings.CreateRuleAsync(new RuleInput("", ["sync.exploded"], [Guid.NewGuid()], ["Not A Key"], ["no-such-project"]), Ct));

        error.Errors.Keys.ShouldBe(["name", "events", "channelIds", "connectors", "projects"], ignoreOrder: true);
        error.Errors["events"].ShouldStartWith("'sync.exploded' is not an event.");
        error.Errors["projects"].ShouldBe("There is no project 'no-such-project' in this tenant.");
    }

    [Fact]
    public async Task Rule_FiltersByConnectorAndProject_AndAnotherTenantsChannelIsNotFound()
    {
        await using var scope = _bed.As(_bed.Acme);
        var settings = scope.ServiceProvider.GetRequiredService<NotificationSettings>();
        var channel = (await settings.CreateChannelAsync(new ChannelInput("email", "Ops", ["ops@acme.test"], null), Ct)).Id;
        var id = await settings.CreateRuleAsync(new RuleInput("HR mail", ["sync.failed", "account.stopped"], [channel], ["test-mail"], ["acme-hr"]), Ct);

        var rule = (await settings.ListRulesAsync(Ct)).Single(r => r.Id == id);
        var stored = new AlertRule { Name = rule.Name, Events = AlertRule.Join(rule.Events), ChannelIds = channel.ToString(),
            Connectors = AlertRule.Join(rule.Connectors), Projects = AlertRule.Join(rule.Projects) };
        stored.Matches("sync.failed", "test-mail", "acme-hr").ShouldBeTrue();
        stored.Matches("sync.failed", "test-mail", "engineering").ShouldBeFalse();
        stored.Matches("sync.failed", "imap", "acme-hr").ShouldBeFalse();
        stored.Matches("account.recovered", "test-mail", "acme-hr").ShouldBeFalse();

        await using var globex = _bed.As(_bed.Globex);
        var error = await Should.ThrowAsync<ValidationFailedException>(() => globex.ServiceProvider.GetRequiredService<NotificationSettings>()
            .CreateRuleAsync(new RuleInput("Steal", ["sync.failed"], [channel], null, null), Ct));
        error.Errors["channelIds"].ShouldBe($"There is no channel {channel} in this tenant.");
    }

    [Fact]
    public async Task Dispatch_OnlyMatchingRulesGetADelivery()
    {
        var hr = (await _bed.CreateMailAccountAsync(_bed.Acme, "HR box", projectKey: "acme-hr")).AccountId;
        var eng = (await _bed.CreateMailAccountAsync(_bed.Acme, "Eng box", projectKey: "engineering")).AccountId;
        await using (var scope = _bed.As(_bed.Acme))
        {
            var settings = scope.ServiceProvider.GetRequiredService<NotificationSettings>();
            var channel = (await settings.CreateChannelAsync(new ChannelInput("email", "HR", ["hr@acme.test"], null), Ct)).Id;
            await settings.CreateRuleAsync(new RuleInput("HR only", ["sync.failed"], [channel], null, ["acme-hr"]), Ct);
        }

        _bed.Calls.SyncFailure = new ConnectorConfigurationException("Bad folder.");
        foreach (var account in new[] { hr, eng })
        {
            await using var scope = _bed.As(_bed.Acme);
            await scope.ServiceProvider.GetRequiredService<SyncRunner>().RunAsync(account, SyncTrigger.Manual, Ct);
        }

        await using (var scope = _bed.Database.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<NotificationDispatcher>().DispatchAsync(Ct)).ShouldBe(2);
        }

        await using (var scope = _bed.As(_bed.Acme))
        await using (var db = NotificationTestBed.Db(scope))
        {
            var deliveries = await db.NotificationDeliveries.AsNoTracking().ToListAsync(Ct);
            var events = await db.AccountEvents.AsNoTracking().ToListAsync(Ct);
            deliveries.ShouldHaveSingleItem().EventId.ShouldBe(events.Single(e => e.InstallationId == hr).Id);
            events.ShouldAllBe(e => e.Kind == AccountEventKinds.SyncFailed && e.State == AccountEventState.Notified);
        }
    }

    [Fact]
    public async Task DeletingAChannel_TakesItOutOfItsRules_AndIsAudited()
    {
        await using var scope = _bed.As(_bed.Acme);
        var settings = scope.ServiceProvider.GetRequiredService<NotificationSettings>();
        var keep = (await settings.CreateChannelAsync(new ChannelInput("email", "Keep", ["a@acme.test"], null), Ct)).Id;
        var drop = (await settings.CreateChannelAsync(new ChannelInput("email", "Drop", ["b@acme.test"], null), Ct)).Id;
        var rule = await settings.CreateRuleAsync(new RuleInput("Both", ["sync.failed"], [keep, drop], null, null), Ct);

        await settings.DeleteChannelAsync(drop, Ct);

        (await settings.ListRulesAsync(Ct)).Single(r => r.Id == rule).ChannelIds.ShouldBe([keep]);
        (await AuditAsync(_bed)).Select(a => a.Action).ShouldBe(
            ["notification.channel_created", "notification.channel_created", "notification.rule_created", "notification.channel_deleted"]);
    }

    [Fact]
    public async Task AViewerReads_ButCannotChange()
    {
        await using var scope = _bed.As(_bed.Acme, TenantRole.Admin);
        var settings = scope.ServiceProvider.GetRequiredService<NotificationSettings>();

        (await settings.ListChannelsAsync(Ct)).ShouldBeEmpty();
        (await settings.DeliveriesAsync(10, Ct)).ShouldBeEmpty();
        await Should.ThrowAsync<AccessDeniedException>(() => settings.CreateChannelAsync(new ChannelInput("email", "Ops", ["ops@acme.test"], null), Ct));
    }

    private async Task<CreatedChannel> CreateAsync(ChannelInput input)
    {
        await using var scope = _bed.As(_bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<NotificationSettings>().CreateChannelAsync(input, Ct);
    }

    private static async Task<List<AuditEntry>> AuditAsync(ConnectorsTestBed bed)
    {
        await using var scope = bed.As(bed.Acme);
        await using var db = NotificationTestBed.Db(scope);
        return await db.AuditEntries.AsNoTracking().Where(a => a.Action.StartsWith("notification.")).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(Ct);
    }
}
