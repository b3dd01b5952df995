using System.Diagnostics.Metrics;
using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Domain.Credentials;

/// <summary>
/// The gauge <c>connectors.credentials</c> (meter <c>Connectors</c>): tenant credentials per connector, across tenants —
/// one grouped count, read when a listener collects and kept for 30 s so a frequent exporter costs a query at most twice a
/// minute. It carries the connector key only: no tenant, name or value. (Each resolution of an account's credentials is a
/// Debug log event of the vault naming the source — account, tenant — and the credential's version, never a value.)
/// </summary>
public sealed class CredentialTelemetry : Microsoft.Extensions.Hosting.IHostedService
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private (DateTimeOffset At, IReadOnlyList<Measurement<long>> Counts)? _last;

    public CredentialTelemetry(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider clock)
    {
        (_scopes, _clock) = (scopes, clock);
        meters.Create("Connectors").CreateObservableGauge("connectors.credentials", Observe, "{credential}",
            "Tenant credentials per connector, across tenants.");
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (_last is { } last && now - last.At < Fresh)
            {
                return last.Counts;
            }

            using var scope = _scopes.CreateScope();
            using var _ = scope.ServiceProvider.GetRequiredService<TenantContext>().BeginCrossTenantScan();
            using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
            var counts = db.TenantCredentials.AsNoTracking().GroupBy(c => c.ConnectorKey)
                .Select(g => new { Connector = g.Key, Count = g.LongCount() }).ToList()
                .Select(c => new Measurement<long>(c.Count, new KeyValuePair<string, object?>("connector", c.Connector))).ToList();
            _last = (now, counts);
            return counts;
        }
    }

    /// <summary>Nothing to start: registered as a hosted service so the gauge exists from the host's start, not from the
    /// first use of a credential.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Forgets the kept counts (a credential was added or deleted on this node).</summary>
    public void Changed()
    {
        lock (_gate)
        {
            _last = null;
        }
    }
}
