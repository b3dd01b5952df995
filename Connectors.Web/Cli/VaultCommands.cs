using System.Globalization;
using Connectors.Domain.Vault;

namespace Connectors.Web.Cli;

/// <summary>
/// <c>vault keys | rotate | reprotect | revoke-old-keys</c> — key rotation for the vault:
/// rotate makes a new key the default, reprotect re-encrypts every tenant's secrets and tokens under
/// it, revoke-old-keys retires the older keys once no vault ciphertext needs them (refused otherwise).
/// </summary>
internal sealed class VaultCommands(IServiceProvider services, TextWriter stdout)
{
    public async Task RunAsync(string action, CliArguments args, CancellationToken ct)
    {
        args.EnsureAllUsed();
        var ring = services.GetRequiredService<VaultKeyRing>();
        switch (action)
        {
            case "keys":
                await ListAsync(ring.List());
                break;
            case "rotate":
                var key = ring.Rotate();
                await stdout.WriteLineAsync($"New default key {key.Id} (expires {When(key.ExpiresAt)}). "
                    + "Restart the running nodes (or wait up to 24 hours), then run `vault reprotect`.");
                break;
            case "reprotect":
                await ReprotectAsync(ct);
                break;
            case "revoke-old-keys":
                var revoked = await ring.RevokeOlderKeysAsync(ct);
                await stdout.WriteLineAsync(revoked.Count == 0
                    ? "No older key to revoke."
                    : $"Revoked {revoked.Count} key(s): {string.Join(", ", revoked.Select(k => k.Id))}.");
                break;
            default:
                throw new InvalidOperationException($"'vault {action}' has no handler.");
        }
    }

    private async Task ReprotectAsync(CancellationToken ct)
    {
        var report = await services.GetRequiredService<VaultReprotector>().ReprotectAllAsync(ct);
        var vanished = report.Vanished > 0 ? $" {report.Vanished} row(s) were deleted meanwhile." : "";
        await stdout.WriteLineAsync(
            $"Re-encrypted {report.Reprotected} vault row(s) of {report.Tenants} tenant(s) under key {report.KeyId}.{vanished}");
        if (report.Undecryptable.Count > 0)
        {
            throw new CliFailureException($"{report.Undecryptable.Count} vault row(s) cannot be decrypted with any key of the ring "
                + $"(accounts {string.Join(", ", report.Undecryptable)}): reconnect those accounts.");
        }
    }

    private async Task ListAsync(IReadOnlyList<VaultKey> keys)
    {
        await stdout.WriteLineAsync($"{"KEY",-36}  {"CREATED",-20}  {"ACTIVATES",-20}  {"EXPIRES",-20}  STATE");
        foreach (var key in keys)
        {
            var state = key.IsRevoked ? "revoked" : key.IsCurrent ? "current" : "";
            await stdout.WriteLineAsync(
                $"{key.Id,-36}  {When(key.CreatedAt),-20}  {When(key.ActivatesAt),-20}  {When(key.ExpiresAt),-20}  {state}".TrimEnd());
        }
    }

    private static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
