using System.Net;
using System.Text;
using Connectors.Domain.AccessTokens;
using Connectors.Domain.Administration;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Api;
using Connectors.Tests.Infrastructure;
using Connectors.Tests.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.AccessTokens;

/// <summary>Personal access tokens: what a token may do (revoked, expired, foreign tenant, lost membership,
/// demoted or locked-out user) and that the database holds only its hash.</summary>
public sealed class AccessTokenTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateAsync_Impersonating_IsRefusedByTheServiceToo()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(app.Acme);
        scope.ServiceProvider.GetRequiredService<ActorContext>().UseImpersonation(
            await ApiApp.UserIdAsync(scope.ServiceProvider, DatabaseSeeder.DefaultSupportEmail), fullAccess: true);

        var error = await Should.ThrowAsync<AccessDeniedException>(() =>
            scope.ServiceProvider.GetRequiredService<PersonalAccessTokenService>().CreateAsync("sneaky", 30, Ct));

        error.Message.ShouldContain("impersonating");
    }

    [Fact]
    public async Task CreateAsync_NameOfAnotherLiveTokenOfTheUser_IsRefusedNamingTheField()
    {
        await app.CreateTokenAsync(WebSession.AdminEmail, app.Acme, TenantRole.Admin, name: "nightly export");
        await using var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(app.Acme);
        scope.ServiceProvider.GetRequiredService<ActorContext>().Use(await ApiApp.UserIdAsync(scope.ServiceProvider, WebSession.AdminEmail), TenantRole.Admin);

        var error = await Should.ThrowAsync<ValidationFailedException>(() =>
            scope.ServiceProvider.GetRequiredService<PersonalAccessTokenService>().CreateAsync("nightly export", 30, Ct));

        error.Errors["name"].ShouldBe("You already have a token named 'nightly export'. Choose another name, or revoke that one first.");
        // Another user may use the same name.
        await app.CreateTokenAsync(WebSession.MemberEmail, app.Acme, TenantRole.Admin, name: "nightly export");
    }

    [Fact]
    public async Task RevokedToken_Returns401()
    {
        var token = await app.CreateTokenAsync(DatabaseSeeder.DefaultAdminEmail, app.Acme, TenantRole.SuperAdmin, name: "to revoke");
        using var api = app.Client(token);
        (await api.GetAsync("/api/admin/connectors", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Use(app.Acme);
            scope.ServiceProvider.GetRequiredService<ActorContext>().Use(await ApiApp.UserIdAsync(scope.ServiceProvider, DatabaseSeeder.DefaultAdminEmail), TenantRole.SuperAdmin);
            var tokens = scope.ServiceProvider.GetRequiredService<PersonalAccessTokenService>();
            var row = (await tokens.ListMineAsync(Ct)).Single(t => t.Name == "to revoke");
            await tokens.RevokeAsync(row.Id, Ct);
        }

        await (await api.GetAsync("/api/admin/connectors", Ct)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ExpiredToken_ControlledClock_Returns401()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var clocked = new ApiApp(clock);
        await clocked.InitializeAsync();
        var token = await clocked.CreateTokenAsync(DatabaseSeeder.DefaultAdminEmail, clocked.Acme, TenantRole.SuperAdmin, expiresInDays: 1);
        using var api = clocked.Client(token);

        var fresh = await api.GetAsync("/api/admin/connectors", Ct);
        clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));
        var lastSecond = await api.GetAsync("/api/admin/connectors", Ct);
        clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await api.GetAsync("/api/admin/connectors", Ct);

        fresh.StatusCode.ShouldBe(HttpStatusCode.OK);
        lastSecond.StatusCode.ShouldBe(HttpStatusCode.OK);
        await expired.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TenantBToken_TenantAAccount_Returns404AndListsOnlyB()
    {
        using var acme = app.Client(Who.SuperAdmin);
        var acmeAccount = (await acme.CreateImapAsync("Acme only")).Id();
        using var globex = app.Client(app.GlobexToken);

        var read = await globex.GetAsync($"/api/admin/accounts/{acmeAccount}", Ct);
        var delete = await globex.DeleteAsync($"/api/admin/accounts/{acmeAccount}", Ct);
        var summary = await (await globex.GetAsync("/api/admin/connectors", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);

        await read.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await delete.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        summary.EnumerateArray().SelectMany(c => c.GetProperty("accounts").EnumerateArray()).Select(a => a.Id()).ShouldNotContain(acmeAccount);
        (await acme.GetAsync($"/api/admin/accounts/{acmeAccount}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_UserLosesMembershipOrIsDemoted_RightsFollowAtOnce()
    {
        using var scope = app.Factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserDirectory>();
        await users.AddAsync("leaver@acme.test", WebSession.Password, app.Acme, TenantRole.SuperAdmin, isSupport: false, Ct);
        await users.AddAsync("demoted@acme.test", WebSession.Password, app.Acme, TenantRole.SuperAdmin, isSupport: false, Ct);
        using var leaver = app.Client(await app.CreateTokenAsync("leaver@acme.test", app.Acme, TenantRole.SuperAdmin));
        using var demoted = app.Client(await app.CreateTokenAsync("demoted@acme.test", app.Acme, TenantRole.SuperAdmin));
        (await leaver.GetAsync("/api/admin/projects", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using (var db = scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>())
        {
            var leaverId = await ApiApp.UserIdAsync(scope.ServiceProvider, "leaver@acme.test");
            var demotedId = await ApiApp.UserIdAsync(scope.ServiceProvider, "demoted@acme.test");
            await db.Memberships.Where(m => m.UserId == leaverId).ExecuteDeleteAsync(Ct);
            await db.Memberships.Where(m => m.UserId == demotedId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, TenantRole.Admin), Ct);
        }

        await (await leaver.GetAsync("/api/admin/projects", Ct)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await demoted.GetAsync("/api/admin/projects", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await demoted.PostJsonAsync("/api/admin/projects", new { key = "demoted-made", name = "No" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Token_LockedOutUser_Returns401()
    {
        using var scope = app.Factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<UserDirectory>()
            .AddAsync("locked@acme.test", WebSession.Password, app.Acme, TenantRole.SuperAdmin, isSupport: false, Ct);
        using var api = app.Client(await app.CreateTokenAsync("locked@acme.test", app.Acme, TenantRole.SuperAdmin));
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ConnectorsUser>>();

        await userManager.SetLockoutEndDateAsync((await userManager.FindByEmailAsync("locked@acme.test"))!, DateTimeOffset.UtcNow.AddYears(1));

        await (await api.GetAsync("/api/admin/projects", Ct)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Database_HoldsOnlyTheHash_NeverTheToken()
    {
        using var browser = await WebSession.StartAsync(app.Factory, Who.SuperAdmin);
        var token = TokensPage.TokenIn(await TokensPage.PostAsync(browser, "create-token", new() { ["Input.Name"] = "Hash only", ["Input.Expiry"] = "never" }));
        using var api = app.Client(token);
        (await api.GetAsync("/api/admin/connectors", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var rows = await ReadTokenRowsAsync();

        var row = rows.Single(r => (string)r["Name"]! == "Hash only");
        row["TokenHash"].ShouldBe(AccessTokenSecret.Hash(token));
        row["ExpiresAt"].ShouldBeNull();
        row["LastUsedAt"].ShouldNotBeNull();
        foreach (var value in rows.SelectMany(r => r.Values).OfType<string>())
        {
            value.ShouldNotContain(token[AccessTokenSecret.Prefix.Length..]);
        }

        var files = new List<byte>();
        foreach (var file in new[] { app.Factory.DatabasePath, app.Factory.DatabasePath + "-wal" }.Where(File.Exists))
        {
            files.AddRange(await ReadSharedAsync(file));
        }

        var bytes = files.ToArray();
        bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(token[AccessTokenSecret.Prefix.Length..])).ShouldBe(-1, "the database files hold the token");
        bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(AccessTokenSecret.Hash(token))).ShouldBeGreaterThanOrEqualTo(0, "the scan should see the stored hash");
    }

    private async Task<List<Dictionary<string, object?>>> ReadTokenRowsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={app.Factory.DatabasePath};Mode=ReadOnly");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM PersonalAccessTokens";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        }

        return rows;
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory, Ct);
        return memory.ToArray();
    }
}
