using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Connectors.Imap;

/// <summary>Stops start-up when the fake ping is on in Production: it would accept any mailbox.</summary>
internal sealed class ImapFakePingProductionCheck(IOptions<ImapOptions> options, IHostEnvironment environment) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.FakePing && environment.IsProduction()
            ? throw new InvalidOperationException(
                "The IMAP fake ping (Connectors:Imap:FakePing or CONNECTOR_IMAP_FAKE_PING) is on in Production, " +
                "where it would accept any mailbox without contacting it. Turn it off.")
            : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
