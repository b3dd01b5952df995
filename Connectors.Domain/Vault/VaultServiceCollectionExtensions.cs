using System.Security.Cryptography.X509Certificates;
using Connectors.Domain.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Connectors.Domain.Vault;

internal static class VaultServiceCollectionExtensions
{
    /// <summary>DataProtection with its key ring in the database (shared by every node), optionally
    /// protected by a certificate (<c>Connectors:Vault:CertificatePath</c> and <c>…:CertificatePassword</c>) —
    /// required in Production unless explicitly waived (<see cref="VaultKeyProtectionCheck"/>).</summary>
    public static IServiceCollection AddVault(this IServiceCollection services, IConfiguration configuration)
    {
        var dataProtection = services.AddDataProtection()
            .SetApplicationName("Connectors")
            .PersistKeysToDbContext<ConnectorsDbContext>();
        if (configuration[VaultKeyProtectionCheck.CertificatePathKey] is { Length: > 0 } path)
        {
            dataProtection.ProtectKeysWithCertificate(
                X509CertificateLoader.LoadPkcs12FromFile(path, configuration["Connectors:Vault:CertificatePassword"]));
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, VaultKeyProtectionCheck>());
        services.AddScoped<CredentialVault>();
        services.AddScoped<VaultKeyRing>();
        services.AddScoped<VaultReprotector>();
        return services;
    }
}
