using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;
using Connectors.Domain.Vault;
using Connectors.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Connectors.Tests.Vault;

/// <summary>The key ring sits in the same database as the secrets: protected by a certificate a copy of the
/// database alone decrypts nothing; unprotected, Production refuses to start unless explicitly waived.</summary>
public sealed class VaultKeyProtectionTests : IDisposable
{
    private const string PfxPassword = "keyring-pfx-pw";
    private const string Secret = "vaulted-Passw0rd-9c1e";
    private readonly string _folder = Directory.CreateTempSubdirectory("connectors-keyring-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task DatabaseCopy_KeyRingProtectedByACertificate_CannotBeDecryptedWithoutIt()
    {
        var pfx = WriteCertificate();
        var copy = Path.Combine(_folder, "copy.db");
        Guid tenant, account;
        await using (var bed = await ConnectorsTestBed.CreateAsync(Certificate(pfx)))
        {
            tenant = bed.Acme;
            account = (await bed.CreateMailAccountAsync(bed.Acme, "Support", Secret)).AccountId;
            await using var scope = bed.As(bed.Acme);
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContextAsync(Ct);
            var keys = await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync(Ct);
            keys.ShouldNotBeEmpty();
            keys.ShouldAllBe(xml => xml.Contains("encryptedSecret") && !xml.Contains("<value>"));
            await db.Database.ExecuteSqlAsync($"VACUUM INTO {copy}", Ct);
        }

        var withoutCertificate = await Should.ThrowAsync<VaultDecryptionException>(() => ReadAsync(copy, tenant, account, new Dictionary<string, string?>()));
        withoutCertificate.ToString().ShouldNotContain(Secret);
        (await ReadAsync(copy, tenant, account, Certificate(pfx))).ShouldBe(Secret); // the copy is sound: the certificate is what it lacks
    }

    [Fact]
    public async Task Start_ProductionWithoutCertificate_StopsNamingTheSettings()
    {
        using var host = BuildHost(Environments.Production, new Dictionary<string, string?>(), new CapturingLoggerProvider());

        var error = await Should.ThrowAsync<InvalidOperationException>(() => host.StartAsync(Ct));

        error.Message.ShouldContain("Connectors:Vault:CertificatePath");
        error.Message.ShouldContain("Connectors:Vault:AllowUnprotectedKeys=true");
    }

    [Theory]
    [InlineData("Production", "true")]
    [InlineData("Development", null)]
    public async Task Start_UnprotectedAndAllowed_StartsAndWarns(string environment, string? optOut)
    {
        var logs = new CapturingLoggerProvider();
        using var host = BuildHost(environment, new Dictionary<string, string?> { ["Connectors:Vault:AllowUnprotectedKeys"] = optOut }, logs);

        await host.StartAsync(Ct);
        await host.StopAsync(Ct);

        logs.Lines.ShouldContain(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("key ring is stored unprotected"));
    }

    [Fact]
    public async Task Start_ProductionWithCertificate_StartsWithoutTheWarning()
    {
        var logs = new CapturingLoggerProvider();
        using var host = BuildHost(Environments.Production, Certificate(WriteCertificate()), logs);

        await host.StartAsync(Ct);
        await host.StopAsync(Ct);

        logs.Lines.ShouldNotContain(l => l.Contains("key ring is stored unprotected"));
    }

    private static async Task<string> ReadAsync(string database, Guid tenant, Guid account, Dictionary<string, string?> settings)
    {
        settings["ConnectionStrings:Connectors"] = $"Data Source={database}";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddConnectorsDomain(configuration);
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenant);
        scope.ServiceProvider.GetRequiredService<ActorContext>().Use("user-1", TenantRole.SuperAdmin);
        var entry = await scope.ServiceProvider.GetRequiredService<CredentialVault>().GetAsync(account, Ct);
        return entry.ShouldNotBeNull().Secrets["password"];
    }

    private IHost BuildHost(string environment, Dictionary<string, string?> settings, CapturingLoggerProvider logs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true, EnvironmentName = environment });
        settings["ConnectionStrings:Connectors"] = $"Data Source={Path.Combine(_folder, "host.db")}";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(logs);
        builder.Services.AddConnectorsDomain(builder.Configuration);
        return builder.Build();
    }

    private static Dictionary<string, string?> Certificate(string pfx) => new()
    {
        ["Connectors:Vault:CertificatePath"] = pfx,
        ["Connectors:Vault:CertificatePassword"] = PfxPassword,
    };

    private string WriteCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Connectors key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, $"keyring-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, PfxPassword));
        return path;
    }
}
