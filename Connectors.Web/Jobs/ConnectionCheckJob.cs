using Connectors.Domain.Checks;
using Quartz;

namespace Connectors.Web.Jobs;

/// <summary>The connection-check sweep, every <c>Connectors:Checks:SweepSeconds</c> (60 by default): every due
/// check of an Active account that is not syncing, claimed in the database so several nodes never check one
/// account twice; then the tenant credentials whose last test is older than their cadence (<see cref="CredentialChecks"/>).</summary>
[DisallowConcurrentExecution]
public sealed class ConnectionCheckJob(IServiceScopeFactory scopes, ILogger<ConnectionCheckJob> logger) : ScopedIntervalJob(scopes, logger)
{
    public static readonly JobKey Key = new("connection-checks", "connectors");

    protected override string What => "The connection-check sweep";

    protected override async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        await services.GetRequiredService<ConnectionChecks>().SweepAsync(ct);
        await services.GetRequiredService<CredentialChecks>().SweepAsync(ct);
    }
}
