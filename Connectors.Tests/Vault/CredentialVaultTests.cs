using System.Text;
using System.Text.Json.Nodes;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Vault;
using Connectors.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Vault;

public sealed class CredentialVaultTests : TestBedTests
{

    [Fact]
    public async Task SetAndGet_SecretsTokensAndExtra_RoundTrip()
    {
        var id = await PendingAccountAsync("Support");
        await using var scope = Bed.As(Bed.Acme);
        var vault = scope.ServiceProvider.GetRequiredService<CredentialVault>();
        var expiry = Bed.Clock.GetUtcNow().UtcDateTime.AddHours(1);

        await vault.SetSecretsAsync(id, new Dictionary<string, string> { ["password"] = "pa55-wörd" }, Ct);
        await vault.SetTokensAsync(id, new OAuthTokens("access-1", "refresh-1", expiry), Ct);
        await vault.SetExtraKeyAsync(id, "cursor", JsonValue.Create(42), Ct);
        var entry = await vault.GetAsync(id, Ct);

        entry!.Secrets["password"].ShouldBe("pa55-wörd");
        entry.AccessToken.ShouldBe("access-1");
        entry.RefreshToken.ShouldBe("refresh-1");
        entry.AccessTokenExpiresAt.ShouldBe(expiry);
        entry.Extra["cursor"]!.GetValue<int>().ShouldBe(42);
    }

    [Fact]
    public async Task SetTokens_WithoutRefreshToken_KeepsTheStoredOne()
    {
        var id = await PendingAccountAsync("Support");
        await using var scope = Bed.As(Bed.Acme);
        var vault = scope.ServiceProvider.GetRequiredService<CredentialVault>();
        await vault.SetTokensAsync(id, new OAuthTokens("access-1", "refresh-1", null), Ct);

        await vault.SetTokensAsync(id, new OAuthTokens("access-2", null, null), Ct);

        var entry = await vault.GetAsync(id, Ct);
        entry!.AccessToken.ShouldBe("access-2");
        entry.RefreshToken.ShouldBe("refresh-1");
    }

    [Fact]
    public async Task Get_CiphertextCopiedOntoAnotherAccountsRow_DoesNotDecrypt()
    {
        var support = await PendingAccountAsync("Support");
        var sales = await PendingAccountAsync("Sales");
        await using var scope = Bed.As(Bed.Acme);
        var vault = scope.ServiceProvider.GetRequiredService<CredentialVault>();
        await vault.SetSecretsAsync(support, new Dictionary<string, string> { ["password"] = "support-secret" }, Ct);
        await vault.SetSecretsAsync(sales, new Dictionary<string, string> { ["password"] = "sales-secret" }, Ct);
        await using (var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext())
        {
            var stolen = await db.Credentials.Where(c => c.InstallationId == support).Select(c => c.ProtectedSecret).SingleAsync(Ct);
            await db.Credentials.Where(c => c.InstallationId == sales).ExecuteUpdateAsync(s => s.SetProperty(c => c.ProtectedSecret, stolen), Ct);
        }

        var error = await Should.ThrowAsync<VaultDecryptionException>(() => vault.GetAsync(sales, Ct));

        error.Message.ShouldContain(sales.ToString());
        error.Message.ShouldNotContain("support-secret");
        (await vault.GetAsync(support, Ct))!.Secrets["password"].ShouldBe("support-secret");
    }

    [Fact]
    public async Task SetExtraKey_FiftyConcurrentWritersOfDistinctKeys_KeepsAllFifty()
    {
        var id = await PendingAccountAsync("Support");

        await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            await using var scope = Bed.As(Bed.Acme);
            await scope.ServiceProvider.GetRequiredService<CredentialVault>().SetExtraKeyAsync(id, $"folder-{i}", JsonValue.Create(i), Ct);
        }));

        await using var reader = Bed.As(Bed.Acme);
        var extra = (await reader.ServiceProvider.GetRequiredService<CredentialVault>().GetAsync(id, Ct))!.Extra;
        extra.Count.ShouldBe(50);
        Enumerable.Range(0, 50).ShouldAllBe(i => extra[$"folder-{i}"]!.GetValue<int>() == i);
    }

    [Fact]
    public async Task Get_AccessTokenPastExpiry_ReadsAsNullButKeepsRefreshToken()
    {
        var id = await PendingAccountAsync("Support");
        await using var scope = Bed.As(Bed.Acme);
        var vault = scope.ServiceProvider.GetRequiredService<CredentialVault>();
        await vault.SetTokensAsync(id, new OAuthTokens("access-1", "refresh-1", Bed.Clock.GetUtcNow().UtcDateTime.AddMinutes(10)), Ct);

        var fresh = await vault.GetAsync(id, Ct);
        Bed.Clock.Advance(TimeSpan.FromMinutes(11));
        var expired = await vault.GetAsync(id, Ct);

        fresh!.AccessToken.ShouldBe("access-1");
        expired!.AccessToken.ShouldBeNull();
        expired.RefreshToken.ShouldBe("refresh-1");
    }

    [Fact]
    public async Task ConfiguredCredentialAccount_PasswordNeverInDatabaseFiles()
    {
        const string password = "Unmistakable-Passw0rd-7f3a9c";

        var outcome = await Bed.CreateMailAccountAsync(Bed.Acme, "Support", password: password);

        outcome.Status.ShouldBe(Domain.Installations.InstallationStatus.Active);
        await using (var scope = Bed.As(Bed.Acme))
        {
            var vaulted = await scope.ServiceProvider.GetRequiredService<CredentialVault>().GetAsync(outcome.AccountId, Ct);
            vaulted!.Secrets["password"].ShouldBe(password);
        }

        // While connections are open the fresh pages sit in the -wal (or, after an automatic checkpoint, in the
        // file); after the last close they are checkpointed into the file. Scan both.
        var walWhileOpen = await ReadSharedAsync(Bed.Database.FilePath + "-wal");
        var fileWhileOpen = await ReadSharedAsync(Bed.Database.FilePath);
        // Control: the scan does see plaintext — the (non-secret) username is stored in the config JSON.
        Contains([.. walWhileOpen, .. fileWhileOpen], Encoding.UTF8.GetBytes("support@acme.test")).ShouldBeTrue();
        AssertAbsent(walWhileOpen, password, "connectors.db-wal");
        AssertAbsent(fileWhileOpen, password, "connectors.db (open)");
        await Bed.Database.Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        AssertAbsent(await ReadSharedAsync(Bed.Database.FilePath), password, "connectors.db (closed)");
    }

    private static void AssertAbsent(byte[] bytes, string secret, string file)
    {
        Contains(bytes, Encoding.UTF8.GetBytes(secret)).ShouldBeFalse($"{file} contains the password");
        Contains(bytes, Encoding.Unicode.GetBytes(secret)).ShouldBeFalse($"{file} contains the password (UTF-16)");
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private async Task<Guid> PendingAccountAsync(string label) =>
        (await Bed.CreateMailAccountAsync(Bed.Acme, label, authMode: "oauth")).AccountId;
}
