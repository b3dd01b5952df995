using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Connectors.Domain.Vault;

/// <summary>
/// The vault's key ring lives in the database. Without a certificate (<c>Connectors:Vault:CertificatePath</c>)
/// its keys are stored unencrypted beside the secrets they protect, so a copy of the database — a leaked
/// backup — decrypts every secret. In Production start-up stops unless <c>Connectors:Vault:AllowUnprotectedKeys</c>
/// is true; every unprotected start logs a warning, whatever the environment.
/// </summary>
public sealed partial class VaultKeyProtectionCheck(IConfiguration configuration, IHostEnvironment environment, ILogger<VaultKeyProtectionCheck> logger)
    : IHostedService
{
    public const string CertificatePathKey = "Connectors:Vault:CertificatePath";
    public const string OptOutKey = "Connectors:Vault:AllowUnprotectedKeys";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration[CertificatePathKey] is { Length: > 0 })
        {
            return Task.CompletedTask;
        }

        if (environment.IsProduction() && !configuration.GetValue<bool>(OptOutKey))
        {
            throw new InvalidOperationException(
                $"The vault's key ring is not protected: set {CertificatePathKey} (and Connectors:Vault:CertificatePassword) to a PFX " +
                $"certificate, or set {OptOutKey}=true to accept that a copy of the database decrypts every stored secret.");
        }

        Unprotected(logger, CertificatePathKey);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "The vault's key ring is stored unprotected in the database: anyone with a copy of the database can decrypt every stored secret. Set {Setting} to protect it.")]
    private static partial void Unprotected(ILogger logger, string setting);
}
