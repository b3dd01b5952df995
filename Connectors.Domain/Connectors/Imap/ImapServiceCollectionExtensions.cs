using Connectors.Domain.Connectors.Imap;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// Extension methods live in the DI namespace, as ASP.NET's own do.
namespace Microsoft.Extensions.DependencyInjection;

public static class ImapServiceCollectionExtensions
{
    /// <summary>The IMAP connector, on MailKit or — with <c>Connectors:Imap:FakePing</c> or
    /// <c>CONNECTOR_IMAP_FAKE_PING=true</c> — on the offline fake ping, which Production refuses.</summary>
    public static IServiceCollection AddImapConnector(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ImapOptions>()
            .Bind(configuration.GetSection(ImapOptions.Section))
            .PostConfigure(o => o.FakePing |= string.Equals(configuration["CONNECTOR_IMAP_FAKE_PING"], "true", StringComparison.OrdinalIgnoreCase));
        services.TryAddSingleton<ImapOAuthProviders>();
        services.TryAddScoped<IImapGateway>(sp => sp.GetRequiredService<IOptions<ImapOptions>>().Value.FakePing
            ? new FakePingImapGateway(TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<ImapOptions>>().Value.FakePingFetchDelayMs))
            : new MailKitImapGateway(
                sp.GetRequiredService<Connectors.Domain.Network.HostGuard>(),
                sp.GetRequiredService<IOptions<ImapOptions>>(),
                sp.GetService<IProtocolLoggerFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ImapFakePingProductionCheck>());
        return services.AddConnector<ImapConnector>();
    }
}
