using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Credentials;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Tenancy;
using Connectors.Domain.Vault;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Checks;

/// <summary>
/// Scheduled checks of the tenant credentials themselves, on the connection checks' cadence (the connector's
/// <c>Connectors:PerConnectorCheckMinutes:&lt;key&gt;</c>, else <c>Connectors:Checks:DefaultMinutes</c>): a credential
/// whose last test is older than that is signed in with again, whether or not an account uses it, and its test status,
/// message and time are updated as the Test button would (not audited: no one acted). Several nodes share the work: a
/// credential is claimed by moving its test time with a conditional update, so exactly one node tests it; the result is
/// written only if no one rotated the credential meanwhile.
/// </summary>
public sealed partial class CredentialChecks(
    IDbContextFactory<ConnectorsDbContext> factory,
    TenantContext tenant,
    ConnectorRegistry registry,
    CredentialVault vault,
    IOptions<ConnectorsOptions> options,
    TimeProvider clock,
    ILogger<CredentialChecks> logger)
{
    /// <summary>Tests every due credential; returns how many were tested here.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var shortest = TimeSpan.FromMinutes(Math.Max(1, new[] { options.Value.Checks.DefaultMinutes }
            .Concat(options.Value.PerConnectorCheckMinutes.Values).Min()));
        List<Due> due;
        await using (var db = factory.CreateDbContext())
        using (tenant.BeginCrossTenantScan())
        {
            var horizon = now - shortest;
            due = [.. (await db.TenantCredentials.AsNoTracking()
                    .Where(c => c.TestedAt == null || c.TestedAt <= horizon)
                    .Select(c => new Due(c.Id, c.TenantId, c.ConnectorKey, c.TestedAt, c.Version))
                    .ToListAsync(ct))
                .Where(c => c.TestedAt is null || c.TestedAt <= now.AddMinutes(-CheckSchedule.CadenceMinutes(null, c.ConnectorKey, options.Value)))];
        }

        var tested = 0;
        foreach (var credential in due)
        {
            ct.ThrowIfCancellationRequested();
            using var _ = tenant.Enter(credential.TenantId);
            if (await ClaimAsync(credential, now, ct))
            {
                await TestAsync(credential.Id, ct);
                tested++;
            }
        }

        return tested;
    }

    private sealed record Due(Guid Id, Guid TenantId, string ConnectorKey, DateTime? TestedAt, int Version);

    /// <summary>Moves the test time from what this node read to now; another node that read the same sees no match.</summary>
    private async Task<bool> ClaimAsync(Due credential, DateTime now, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await db.TenantCredentials
            .Where(c => c.Id == credential.Id && c.TestedAt == credential.TestedAt)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.TestedAt, now), ct) == 1;
    }

    private async Task TestAsync(Guid id, CancellationToken ct)
    {
        TenantCredential credential;
        await using (var db = factory.CreateDbContext())
        {
            credential = await db.TenantCredentials.AsNoTracking().SingleAsync(c => c.Id == id, ct);
        }

        if (registry.Find(credential.ConnectorKey) is not { } connector || connector is not ISupportsCredentialVerification)
        {
            return; // The connector is no longer offered here: nothing can test it.
        }

        string? failure = null;
        try
        {
            var secrets = await vault.GetTenantSecretsAsync(id, ct) ?? new Dictionary<string, string>();
            await CredentialProbe.VerifyAsync(connector, credential, secrets, ct);
        }
        catch (ValidationFailedException e)
        {
            failure = e.Message;
        }
        catch (VaultDecryptionException)
        {
            failure = "The credential's secrets cannot be read with this deployment's keys; rotate it to enter them again.";
        }

        await using var write = factory.CreateDbContext();
        var written = await write.TenantCredentials
            .Where(c => c.Id == id && c.Version == credential.Version)
            .ExecuteUpdateAsync(u => u
                .SetProperty(c => c.TestStatus, failure is null ? CredentialTestStatus.Passed : CredentialTestStatus.Failed)
                .SetProperty(c => c.TestMessage, CredentialProbe.Message(failure))
                .SetProperty(c => c.TestedAt, clock.GetUtcNow().UtcDateTime), ct);
        if (written == 1 && failure is not null)
        {
            LogFailed(credential.ConnectorKey, id, failure);
        }
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "The scheduled check of the {Connector} tenant credential {CredentialId} failed: {Reason}")]
    private partial void LogFailed(string connector, Guid credentialId, string reason);
}
