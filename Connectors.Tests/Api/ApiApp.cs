using System.Net.Http.Headers;
using Connectors.Domain.AccessTokens;
using Connectors.Domain.Administration;
using Connectors.Domain.Data;
using Connectors.Domain.Documents;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Connectors.Tests.Web;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Api;

/// <summary>
/// The real app in-process for the API tests: IMAP on fake ping (any host signs in, "fail"/"invalid" hosts are
/// refused), Google Drive and Gmail OAuth configured with a test client (their authorize URLs are built, no
/// provider is contacted), and no sync node (a manual sync stays queued, so "already syncing" is
/// deterministic). Tenants acme (seeded) and globex; a personal access token for each kind of user.
/// </summary>
public sealed class ApiApp : IAsyncLifetime
{
    public const string GlobexAdminEmail = "owner@globex.test";

    private readonly Dictionary<string, string> _tokens = [];

    public ApiApp()
        : this(null)
    {
    }

    internal ApiApp(TimeProvider? clock, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["CONNECTOR_IMAP_FAKE_PING"] = "true",
            ["Connectors:Sync:Enabled"] = "false",
            ["Connectors:OAuth:google-drive:ClientId"] = "api-tests-drive-client",
            ["Connectors:OAuth:google:ClientId"] = "api-tests-gmail-client",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        Factory = new ConnectorsAppFactory(all, clock);
    }

    public ConnectorsAppFactory Factory { get; }

    public Guid Acme { get; private set; }

    public Guid Globex { get; private set; }

    /// <summary>Tokens: SuperAdmin and Admin of acme, Member of acme, SuperAdmin of globex.</summary>
    public string Token(Who who) => _tokens[who.ToString()];

    public string GlobexToken => _tokens["globex"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await WebSession.AddRoleUsersAsync(Factory);
        Acme = await WebSession.AcmeAsync(Factory);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            Globex = (await scope.ServiceProvider.GetRequiredService<TenantDirectory>().AddAsync("globex", "Globex", null, Ct)).Id;
            await scope.ServiceProvider.GetRequiredService<UserDirectory>()
                .AddAsync(GlobexAdminEmail, WebSession.Password, Globex, TenantRole.SuperAdmin, isSupport: false, Ct);
        }

        _tokens[nameof(Who.SuperAdmin)] = await CreateTokenAsync(DatabaseSeeder.DefaultAdminEmail, Acme, TenantRole.SuperAdmin);
        _tokens[nameof(Who.Admin)] = await CreateTokenAsync(WebSession.AdminEmail, Acme, TenantRole.Admin);
        _tokens[nameof(Who.Member)] = await CreateTokenAsync(WebSession.MemberEmail, Acme, TenantRole.Admin);
        _tokens["globex"] = await CreateTokenAsync(GlobexAdminEmail, Globex, TenantRole.SuperAdmin);
    }

    /// <summary>Creates a token through the domain service as <paramref name="email"/> acting in
    /// <paramref name="tenantId"/> (<paramref name="role"/> only opens the service's door; the token then acts
    /// with the role the user really holds).</summary>
    public async Task<string> CreateTokenAsync(string email, Guid tenantId, TenantRole role, int? expiresInDays = 30, string? name = null)
    {
        // A user's live tokens have distinct names.
        name ??= $"tests {Guid.NewGuid():N}"[..14];
        await using var scope = Factory.Services.CreateAsyncScope();
        var userId = await UserIdAsync(scope.ServiceProvider, email);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        scope.ServiceProvider.GetRequiredService<ActorContext>().Use(userId, role);
        var created = await scope.ServiceProvider.GetRequiredService<PersonalAccessTokenService>().CreateAsync(name, expiresInDays, Ct);
        return created.Token;
    }

    public static async Task<string> UserIdAsync(IServiceProvider services, string email) =>
        (await services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ConnectorsUser>>().FindByEmailAsync(email))!.Id;

    /// <summary>A client sending <paramref name="token"/> as a bearer token (redirects not followed, so a
    /// redirect to the sign-in page would show).</summary>
    public HttpClient Client(string? token)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public HttpClient Client(Who who) => Client(Token(who));

    /// <summary>A document of an Acme account that a sync's deletion brake held, so that a decision has something to decide.</summary>
    public async Task SeedHeldRemovalAsync(Guid accountId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(Acme);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContextAsync();
        var document = new Document
        {
            TenantId = Acme, InstallationId = accountId, ConnectorKey = "imap", ExternalId = $"held-{Guid.NewGuid():N}", ProjectKey = "default",
            Title = "Held", ContentHash = new string('0', 64),
        };
        db.Documents.Add(document);
        db.HeldRemovals.Add(new HeldRemoval { TenantId = Acme, InstallationId = accountId, DocumentId = document.Id, RunId = Guid.NewGuid(), HeldAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
