using System.Net;
using System.Net.Sockets;
using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors.Imap;
using Connectors.Domain.Installations;
using Connectors.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>The fake ping: input-driven answers, no socket, refused in Production.</summary>
public sealed class ImapFakePingTests : IAsyncLifetime
{
    private ConnectorsTestBed _bed = null!;

    public async ValueTask InitializeAsync() =>
        _bed = await ImapTestBed.CreateAsync(new Dictionary<string, string?> { ["CONNECTOR_IMAP_FAKE_PING"] = "true" });

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public async Task Create_OrdinaryHost_SignsInAndSyncsTheSyntheticMessages()
    {
        var outcome = await _bed.CreateAccountAsync(_bed.Acme, "Support", ImapTestBed.Basic("imap.acme.test", 993, "ssl", true, "support@acme.test", "any"));

        var result = await _bed.SyncAsync(_bed.Acme, outcome.AccountId);
        var again = await _bed.SyncAsync(_bed.Acme, outcome.AccountId);

        outcome.Status.ShouldBe(InstallationStatus.Active);
        (result.Seen, result.Added).ShouldBe((3, 3));
        again.Added.ShouldBe(0);
    }

    [Fact]
    public async Task DiscoverFolders_FakePingMailbox_ListsItsFoldersInboxFirst()
    {
        var outcome = await _bed.CreateAccountAsync(_bed.Acme, "Support", ImapTestBed.Basic("imap.acme.test", 993, "ssl", true, "support@acme.test", "any"));
        await using var scope = _bed.As(_bed.Acme);

        var result = await scope.ServiceProvider.GetRequiredService<AccountSettingsService>()
            .DiscoverAsync(outcome.AccountId, "folders.include", TestContext.Current.CancellationToken);

        result.Succeeded.ShouldBeTrue();
        result.Options.Select(o => o.Value).ShouldBe(["INBOX", "Archive", "Sent", "Trash"]);
    }

    [Theory]
    [InlineData("mail.invalid.test")]
    [InlineData("FAIL.example.com")]
    public async Task Create_HostContainingInvalidOrFail_IsALoginFailure(string host)
    {
        var outcome = await _bed.CreateAccountAsync(_bed.Acme, "Support", ImapTestBed.Basic(host, 993, "ssl", true, "support@acme.test", "any"));

        outcome.Status.ShouldBe(InstallationStatus.Pending);
        outcome.Error.ShouldStartWith("The IMAP server refused the login:");
    }

    [Fact]
    public async Task CreateAndSync_OpensNoSocket()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var outcome = await _bed.CreateAccountAsync(_bed.Acme, "Support", ImapTestBed.Basic("127.0.0.1", port, "none", false, "support@acme.test", "any"));
        await _bed.SyncAsync(_bed.Acme, outcome.AccountId);

        outcome.Status.ShouldBe(InstallationStatus.Active);
        listener.Pending().ShouldBeFalse();
        await using var scope = _bed.As(_bed.Acme);
        scope.ServiceProvider.GetRequiredService<IImapGateway>().ShouldBeOfType<FakePingImapGateway>();
    }

    [Theory]
    [InlineData("Connectors:Imap:FakePing")]
    [InlineData("CONNECTOR_IMAP_FAKE_PING")]
    public async Task Start_FakePingInProduction_IsRefused(string setting)
    {
        using var host = BuildHost(Environments.Production, setting);

        var error = await Should.ThrowAsync<InvalidOperationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        error.Message.ShouldContain("fake ping");
        error.Message.ShouldContain("Production");
    }

    [Fact]
    public async Task Start_FakePingInDevelopment_Starts()
    {
        using var host = BuildHost(Environments.Development, "CONNECTOR_IMAP_FAKE_PING");

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private static IHost BuildHost(string environment, string setting)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true, EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [setting] = "true",
            ["ConnectionStrings:Connectors"] = "Data Source=:memory:",
            ["Connectors:Vault:AllowUnprotectedKeys"] = "true", // only the fake ping's own check is under test
        });
        builder.Services.AddConnectorsDomain(builder.Configuration);
        builder.Services.AddImapConnector(builder.Configuration);
        return builder.Build();
    }
}
