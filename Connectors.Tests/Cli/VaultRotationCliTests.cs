using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Connectors.Domain.Vault;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Cli;

/// <summary>
/// Issue 7, acceptance 4: with the real key ring persisted in the database, accounts of two tenants hold
/// secrets and OAuth tokens; the key ring is rotated, <c>vault reprotect</c> runs through the CLI entry
/// point, and then every secret and token is readable and every ciphertext carries the newest key's id —
/// and revoking the old key leaves everything readable, while a ciphertext taken before the reprotect
/// no longer opens (so the old key really is out of use).
/// </summary>
public sealed partial class VaultRotationCliTests : IDisposable
{
    private static readonly Dictionary<string, string?> DriveConfigured = new() { ["Connectors:OAuth:google-drive:ClientId"] = "cli-test-client" };
    private readonly CliHarness _cli = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task VaultReprotect_AfterRotation_EverySecretReadableUnderTheNewestKeyAndOldKeyRevocable()
    {
        var accounts = await SeedTwoTenantsAsync();
        var originalKey = (await KeyIdsAsync()).Distinct().ShouldHaveSingleItem();
        var beforeReprotect = await CiphertextOfAsync(accounts[0].AccountId);

        var rotated = await _cli.RunAsync("vault", "rotate");
        var newKey = Guid.Parse(KeyPattern().Match(rotated.Out).Groups[1].Value);
        var revokeTooEarly = await _cli.RunAsync("vault", "revoke-old-keys");
        var reprotected = await _cli.RunAsync("vault", "reprotect");
        var revoked = await _cli.RunAsync("vault", "revoke-old-keys");
        var listed = await _cli.RunAsync("vault", "keys");

        rotated.ShouldSucceedWith($"New default key {newKey}");
        newKey.ShouldNotBe(originalKey);
        NewestKey().ShouldBe(newKey);
        revokeTooEarly.ShouldFailWithOneLine("error: 6 vault ciphertext(s) are still protected by an older key: run `vault reprotect` first");
        reprotected.ShouldSucceedWith($"Re-encrypted 4 vault row(s) of 2 tenant(s) under key {newKey}.");
        (await KeyIdsAsync()).ShouldAllBe(id => id == newKey);
        (await KeyIdsAsync()).Count.ShouldBe(6);
        revoked.ShouldSucceedWith($"Revoked 1 key(s): {originalKey}.");
        listed.Out.ShouldMatch($@"{originalKey}\s.*\srevoked");
        listed.Out.ShouldMatch($@"{newKey}\s.*\scurrent");
        await using var fresh = _cli.Domain();
        foreach (var account in accounts)
        {
            var entry = await ReadAsync(fresh, account);
            entry.Secrets.GetValueOrDefault("password").ShouldBe(account.Password);
            entry.AccessToken.ShouldBe(account.AccessToken);
            entry.RefreshToken.ShouldBe(account.RefreshToken);
        }

        var oldProtector = fresh.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector(CredentialVault.Purpose, accounts[0].TenantId.ToString(), accounts[0].AccountId.ToString());
        Should.Throw<CryptographicException>(() => oldProtector.Unprotect(beforeReprotect));
    }

    [Fact]
    public async Task VaultReprotect_EmptyVault_ReportsZeroRows()
    {
        var result = await _cli.RunAsync("vault", "reprotect");

        result.ShouldSucceedWith("Re-encrypted 0 vault row(s) of 0 tenant(s) under key ");
    }

    [Fact]
    public async Task VaultReprotect_UndecryptableRow_ExitsTwoNamingTheAccountNeverTheContent()
    {
        var accounts = await SeedTwoTenantsAsync();
        await using (var db = _cli.Open())
        {
            // A ciphertext moved to another row: the purpose chain (tenant, account) no longer matches.
            var moved = await CiphertextOfAsync(accounts[2].AccountId);
            await db.Credentials.IgnoreQueryFilters().Where(c => c.InstallationId == accounts[0].AccountId)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.ProtectedSecret, moved), Ct);
        }

        var result = await _cli.RunAsync("vault", "reprotect");

        result.ExitCode.ShouldBe(2);
        result.Out.ShouldContain("Re-encrypted 3 vault row(s) of 2 tenant(s)");
        result.Err.TrimEnd().Split('\n').ShouldHaveSingleItem()
            .ShouldBe($"error: 1 vault row(s) cannot be decrypted with any key of the ring (accounts {accounts[0].AccountId}): reconnect those accounts.");
        result.Err.ShouldNotContain(accounts[2].Password!);
    }

    /// <summary>acme and globex, each with an IMAP account (password, added through the CLI) and a Google
    /// Drive account holding OAuth tokens.</summary>
    private async Task<List<SeededAccount>> SeedTwoTenantsAsync()
    {
        var seeded = new List<SeededAccount>();
        foreach (var slug in new[] { "acme", "globex" })
        {
            (await _cli.RunAsync("tenants", "add", "--slug", slug, "--name", slug)).ExitCode.ShouldBe(0);
            var password = $"Passw0rd-of-{slug}-7d1e";
            var added = await _cli.RunAsync(["accounts", "add", "--tenant", slug, "--connector", "imap", "--label", "Support",
                "--field", $"host=imap.{slug}.test", "--field", $"username=support@{slug}.test"], password + "\n");
            added.ExitCode.ShouldBe(0, added.Err);
            var tenantId = await TenantIdAsync(slug);
            seeded.Add(new SeededAccount(tenantId, Guid.Parse(IdPattern().Match(added.Out).Groups[1].Value), password, null, null));
            seeded.Add(await AddDriveAccountAsync(slug, tenantId));
        }

        return seeded;
    }

    private async Task<SeededAccount> AddDriveAccountAsync(string slug, Guid tenantId)
    {
        await using var services = _cli.Domain(DriveConfigured);
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        scope.ServiceProvider.GetRequiredService<ActorContext>().UseSystem("test");
        var begin = await scope.ServiceProvider.GetRequiredService<OAuthGrants>().BeginAsync("google-drive", "Drive", null, Ct);
        var (access, refresh) = ($"ya29.access-{slug}-5e0c", $"1//refresh-{slug}-91aa");
        await scope.ServiceProvider.GetRequiredService<CredentialVault>()
            .SetTokensAsync(begin.AccountId, new OAuthTokens(access, refresh, DateTime.UtcNow.AddHours(1)), Ct);
        return new SeededAccount(tenantId, begin.AccountId, null, access, refresh);
    }

    private static async Task<VaultEntry> ReadAsync(ServiceProvider services, SeededAccount account)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(account.TenantId);
        return (await scope.ServiceProvider.GetRequiredService<CredentialVault>().GetAsync(account.AccountId, Ct)).ShouldNotBeNull();
    }

    /// <summary>The key id in the header of every ciphertext of the vault, every tenant.</summary>
    private async Task<List<Guid>> KeyIdsAsync()
    {
        await using var db = _cli.Open();
        var rows = await db.Credentials.IgnoreQueryFilters().ToListAsync(Ct);
        return [.. rows.SelectMany(r => new[] { r.ProtectedSecret, r.ProtectedAccessToken, r.ProtectedRefreshToken })
            .OfType<string>().Select(c => ProtectedPayload.KeyId(c).ShouldNotBeNull())];
    }

    private async Task<string> CiphertextOfAsync(Guid accountId)
    {
        await using var db = _cli.Open();
        return (await db.Credentials.IgnoreQueryFilters().SingleAsync(c => c.InstallationId == accountId, Ct)).ProtectedSecret!;
    }

    private Guid NewestKey()
    {
        using var services = _cli.Domain();
        return services.GetRequiredService<IKeyManager>().GetAllKeys().MaxBy(k => k.CreationDate)!.KeyId;
    }

    private async Task<Guid> TenantIdAsync(string slug)
    {
        await using var db = _cli.Open();
        return await db.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync(Ct);
    }

    private sealed record SeededAccount(Guid TenantId, Guid AccountId, string? Password, string? AccessToken, string? RefreshToken);

    [GeneratedRegex(@"id ([0-9a-f-]{36}),")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"New default key ([0-9a-f-]{36})")]
    private static partial Regex KeyPattern();
}
