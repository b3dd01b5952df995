using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Connectors.Web.Security;

/// <summary>
/// Behind a TLS-terminating reverse proxy the app sees plain HTTP from the proxy. With
/// <c>Connectors:Network:ForwardedHeaders:Enabled</c> it takes the client's scheme, host and address from
/// the proxy's <c>X-Forwarded-Proto</c> / <c>-Host</c> / <c>-For</c> — so cookies are Secure and redirects
/// are https — but only from a proxy it trusts: loopback always, plus <c>KnownProxies</c> (addresses) and
/// <c>KnownNetworks</c> (CIDR). Off by default: a directly reachable app must not believe those headers.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string Section = "Connectors:Network:ForwardedHeaders";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue<bool>($"{Section}:Enabled");

    public static IServiceCollection AddConnectorsForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = Parse<IPAddress?>(configuration, "KnownProxies", IPAddress.TryParse);
        var networks = Parse<System.Net.IPNetwork>(configuration, "KnownNetworks", System.Net.IPNetwork.TryParse);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy!);
            }

            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }

    /// <summary>Reads a list setting; an entry that does not parse stops start-up naming the key.</summary>
    private static List<T> Parse<T>(IConfiguration configuration, string key, TryParse<T> parse)
    {
        var values = new List<T>();
        foreach (var entry in configuration.GetSection($"{Section}:{key}").GetChildren())
        {
            if (!parse(entry.Value?.Trim(), out var value))
            {
                throw new InvalidOperationException(
                    $"{Section}:{key} entry '{entry.Value}' is not a valid {(key == "KnownProxies" ? "IP address" : "CIDR network (e.g. 10.0.0.0/8)")}.");
            }

            values.Add(value);
        }

        return values;
    }

    private delegate bool TryParse<T>(string? text, out T value);
}
