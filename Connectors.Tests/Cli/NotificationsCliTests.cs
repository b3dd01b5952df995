using Connectors.Tests.Fakes;

namespace Connectors.Tests.Cli;

/// <summary><c>notifications …</c> and <c>accounts check</c>: channels, rules, a test event and the delivery log from
/// the command line, over the same services as the page and the API.</summary>
public sealed class NotificationsCliTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private readonly Dictionary<string, string?> _private = new() { ["Connectors:Network:AllowPrivateHosts"] = "true" };

    public async ValueTask InitializeAsync() =>
        (await _cli.RunAsync("tenants", "add", "--slug", "acme", "--name", "Acme")).ExitCode.ShouldBe(0);

    public ValueTask DisposeAsync()
    {
        _cli.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Webhook_PrintsTheSecretOnce_TestEventArrivesSigned_AndTheLogShowsIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();

        var added = await _cli.RunAsync(["notifications", "add-webhook", "--tenant", "acme", "--name", "Ops hook", "--url", receiver.Url], "", _private);

        added.ShouldSucceedWith("Created webhook channel ");
        var secretLine = added.Out.Split('\n').Single(l => l.StartsWith("Signing secret", StringComparison.Ordinal));
        receiver.Secret = secretLine[(secretLine.IndexOf("whsec_", StringComparison.Ordinal))..].Trim();
        var id = added.Out.Split('\n')[0].Split(' ')[3].TrimEnd('.');
        var listed = await _cli.RunAsync(["notifications", "channels", "--tenant", "acme"], "", _private);
        listed.ShouldSucceedWith($"{id}  webhook enabled  Ops hook -> {receiver.Url}");
        listed.Out.ShouldNotContain(receiver.Secret["whsec_".Length..]);

        var test = await _cli.RunAsync(["notifications", "test", "--tenant", "acme", "--channel", id], "", _private);
        test.ShouldSucceedWith("delivered notification.test");
        (await receiver.WaitForAsync(1, TimeSpan.FromSeconds(30))).Single().Fresh.ShouldBeTrue();
        (await _cli.RunAsync(["notifications", "deliveries", "--tenant", "acme"], "", _private)).ShouldSucceedWith("attempts 1 HTTP 200");
    }

    [Fact]
    public async Task Rules_AddedAndListed_BadInputIsOneLineNamingTheOption()
    {
        var mail = await _cli.RunAsync("notifications", "add-email", "--tenant", "acme", "--name", "Ops", "--to", "ops@acme.test", "--to", "oncall@acme.test");
        mail.ShouldSucceedWith("Created email channel ");
        var channel = mail.Out.Split(' ')[3].Trim().TrimEnd('.');

        (await _cli.RunAsync("notifications", "add-rule", "--tenant", "acme", "--name", "Broken", "--event", "account.stopped", "--channel", channel))
            .ShouldSucceedWith("Created rule ");
        (await _cli.RunAsync("notifications", "rules", "--tenant", "acme")).ShouldSucceedWith("Broken: account.stopped -> 1 channel(s)");
        (await _cli.RunAsync("notifications", "add-rule", "--tenant", "acme", "--name", "Bad", "--event", "boom", "--channel", channel))
            .ShouldFailWithOneLine("error: 'boom' is not an event.");
        (await _cli.RunAsync("notifications", "add-email", "--tenant", "acme", "--name", "Bad", "--to", "nobody"))
            .ShouldFailWith("error: 'nobody' is not an email address.");
        (await _cli.RunAsync("notifications", "add-webhook", "--tenant", "acme", "--name", "Meta", "--url", "https://169.254.169.254/"))
            .ShouldFailWithOneLine("error: The host '169.254.169.254' resolves to 169.254.169.254, a link-local, metadata");
    }
}
