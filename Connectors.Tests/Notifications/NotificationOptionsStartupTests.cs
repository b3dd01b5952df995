using Connectors.Domain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connectors.Tests.Notifications;

/// <summary>Check, SMTP and notification settings are checked when the node starts: a bad one names its key.</summary>
public sealed class NotificationOptionsStartupTests
{
    [Theory]
    [InlineData("Connectors:Checks:DefaultMinutes", "5")]
    [InlineData("Connectors:Checks:SweepSeconds", "0")]
    [InlineData("Connectors:Checks:Parallelism", "0")]
    [InlineData("Connectors:PerConnectorCheckMinutes:imap", "1")]
    [InlineData("Connectors:Smtp:Security", "tls-please")]
    [InlineData("Connectors:Smtp:Port", "70000")]
    [InlineData("Connectors:Smtp:Sender", "not an address")]
    [InlineData("Connectors:Notifications:DedupMinutes", "-1")]
    [InlineData("Connectors:Notifications:PollSeconds", "0")]
    [InlineData("Connectors:Notifications:TimeoutSeconds", "0")]
    [InlineData("Connectors:Notifications:RetryDelaysSeconds", "10,soon")]
    [InlineData("Connectors:Notifications:RetryDelaysSeconds", "")]
    public void Options_BadValue_FailNamingTheKey(string key, string value)
    {
        var error = Should.Throw<OptionsValidationException>(() => Options(new() { [key] = value }));

        error.Message.ShouldContain(key);
    }

    [Fact]
    public void Options_Defaults_AreValid()
    {
        var options = Options([]);

        options.Checks.DefaultMinutes.ShouldBe(360);
        options.Notifications.RetryDelays.Select(d => d.TotalSeconds).ShouldBe([10, 60, 300, 1800]);
    }

    private static ConnectorsOptions Options(Dictionary<string, string?> settings)
    {
        settings["ConnectionStrings:Connectors"] = "Data Source=:memory:";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddLogging().AddConnectorsDomain(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ConnectorsOptions>>().Value;
    }
}
