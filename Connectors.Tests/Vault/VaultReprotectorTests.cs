using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;
using Connectors.Domain.Vault;
using Connectors.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Vault;

/// <summary>Re-encryption of the vault across tenants (the platform's <c>vault reprotect</c>), the
/// payload header it relies on, and its safety next to running syncs.</summary>
public sealed class VaultReprotectorTests : TestBedTests
{
    [Fact]
    public async Task ReprotectAll_RowsOfEveryTenant_RewrittenReadableAndAuditedPerTenant()
    {
        var acme = await AccountWithSecretsAsync(Bed.Acme, "Support", "acme-secret");
        var globex = await AccountWithSecretsAsync(Bed.Globex, "Support", "globex-secret");
        var before = await CiphertextsAsync();

        await using var scope = PlatformScope();
        var report = await scope.ServiceProvider.GetRequiredService<VaultReprotector>().ReprotectAllAsync(Ct);

        report.Reprotected.ShouldBe(2);
        report.Tenants.ShouldBe(2);
        report.Undecryptable.ShouldBeEmpty();
        var after = await CiphertextsAsync();
        after[acme].ShouldNotBe(before[acme]);
        after[globex].ShouldNotBe(before[globex]);
        (await SecretAsync(Bed.Acme, acme)).ShouldBe("acme-secret");
        (await SecretAsync(Bed.Globex, globex)).ShouldBe("globex-secret");
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var audit = await db.AuditEntries.IgnoreQueryFilters().Where(a => a.Action == "vault.reprotected").ToListAsync(Ct);
        audit.Select(a => a.TenantId).ShouldBe([Bed.Acme, Bed.Globex], ignoreOrder: true);
        audit.ShouldAllBe(a => a.ActorUserId == "ops" && !a.Summary.Contains("secret"));
    }

    [Fact]
    public async Task ReprotectAll_WhileTokensAreRefreshed_NeverWritesBackAnOldToken()
    {
        var id = await AccountWithSecretsAsync(Bed.Acme, "Support", "keep-me");
        const int Writes = 40;

        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < Writes; i++)
            {
                await using var scope = Bed.As(Bed.Acme);
                await scope.ServiceProvider.GetRequiredService<CredentialVault>()
                    .SetTokensAsync(id, new OAuthTokens($"access-{i}", $"refresh-{i}", null), Ct);
            }
        }, Ct);
        var reprotects = 0;
        while (!writer.IsCompleted || reprotects == 0)
        {
            await using var scope = PlatformScope();
            (await scope.ServiceProvider.GetRequiredService<VaultReprotector>().ReprotectAllAsync(Ct)).Undecryptable.ShouldBeEmpty();
            reprotects++;
        }

        await writer;
        await using (var scope = Bed.As(Bed.Acme))
        {
            var entry = await scope.ServiceProvider.GetRequiredService<CredentialVault>().GetAsync(id, Ct);
            entry!.AccessToken.ShouldBe($"access-{Writes - 1}");
            entry.RefreshToken.ShouldBe($"refresh-{Writes - 1}");
            entry.Secrets["password"].ShouldBe("keep-me");
        }
    }

    [Fact]
    public void KeyId_FreshCiphertext_IsTheKeyRingsDefaultKey()
    {
        var protector = Bed.Database.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");

        var keyId = ProtectedPayload.KeyId(protector.Protect("hello"));

        keyId.ShouldBe(Bed.Database.Services.GetRequiredService<IKeyManager>().GetAllKeys().ShouldHaveSingleItem().KeyId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("CfDJ8")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void KeyId_NotADataProtectionPayload_IsNull(string text) => ProtectedPayload.KeyId(text).ShouldBeNull();

    private AsyncServiceScope PlatformScope()
    {
        var scope = Bed.Database.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().UseSystem("ops");
        return scope;
    }

    private async Task<Guid> AccountWithSecretsAsync(Guid tenantId, string label, string secret)
    {
        var id = (await Bed.CreateMailAccountAsync(tenantId, label, authMode: "oauth")).AccountId;
        await using var scope = Bed.As(tenantId);
        await scope.ServiceProvider.GetRequiredService<CredentialVault>()
            .SetSecretsAsync(id, new Dictionary<string, string> { ["password"] = secret }, Ct);
        return id;
    }

    private async Task<string> SecretAsync(Guid tenantId, Guid id)
    {
        await using var scope = Bed.As(tenantId);
        return (await scope.ServiceProvider.GetRequiredService<CredentialVault>().GetAsync(id, Ct))!.Secrets["password"];
    }

    private async Task<Dictionary<Guid, string?>> CiphertextsAsync()
    {
        await using var scope = PlatformScope();
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.Credentials.IgnoreQueryFilters().ToDictionaryAsync(c => c.InstallationId, c => c.ProtectedSecret, Ct);
    }
}
