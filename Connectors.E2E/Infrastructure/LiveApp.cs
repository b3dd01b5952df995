using System.Net;
using Connectors.Domain.Accounts;
using Connectors.Domain.Administration;
using Connectors.Domain.Data;
using Connectors.Domain.Events;
using Connectors.Domain.Installations;
using Connectors.Domain.Notifications;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.E2E.Infrastructure;

/// <summary>The real app on a real Kestrel port (loopback, port chosen by the OS), on its own
/// SQLite file with known seed passwords.</summary>
public sealed class LiveApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@acme.test";
    public const string AdminPassword = "Admin-Passw0rd-For-E2E";
    public const string SupportEmail = "support@connectors.test";
    public const string SupportPassword = "Support-Passw0rd-For-E2E";

    private readonly string _folder = Directory.CreateTempSubdirectory("connectors-e2e-").FullName;
    private readonly IReadOnlyDictionary<string, string> _settings;

    private readonly Action<IServiceCollection>? _services;

    /// <param name="settings">Extra configuration, e.g. a slow fake ping mailbox to watch a sync's progress.</param>
    /// <param name="services">Changes to the app's services after its own (a benchmark's circuit options).</param>
    public LiveApp(IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        _services = services;
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _startedAt = BaseUrl;
    }

    public string BaseUrl { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Connectors", $"Data Source={Path.Combine(_folder, "connectors.db")}");
        builder.UseSetting("Seed:AdminPassword", AdminPassword);
        builder.UseSetting("Seed:SupportPassword", SupportPassword);
        builder.UseSetting("CONNECTOR_IMAP_FAKE_PING", "true");
        // The scheduler runs (Sync now is dispatched to it at once) but its tick is yearly: nothing syncs
        // behind a test's back. Ticking is shown by Connectors.Tests (SyncJobsTests, TwoNodeSyncTests).
        builder.UseSetting("Connectors:Sync:TickCron", "0 0 3 1 1 ?");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // OAuth redirect URIs are built from the public base URL, known only once Kestrel has its port;
        // options are first read after start-up, when the first OAuth grant begins.
        builder.ConfigureServices(s => s.PostConfigure<global::Connectors.Domain.ConnectorsOptions>(o =>
        {
            if (_startedAt is { } url)
            {
                o.PublicBaseUrl = new Uri(url);
            }
        }));
        if (_services is { } services)
        {
            builder.ConfigureServices(services);
        }
    }

    private string? _startedAt;

    public const string ImapPassword = "fake-ping-password";

    /// <summary>Connects an IMAP account in tenant acme through the real services (fake ping server).</summary>
    public async Task<Guid> AddImapAccountAsync(string label, string? projectKey)
    {
        var outcome = await CreateImapAccountAsync(label, projectKey, "imap.acme.test");
        return outcome.Succeeded ? outcome.AccountId : throw new InvalidOperationException(outcome.Error);
    }

    /// <summary>Creates an IMAP account whose login the fake ping server refuses (host
    /// <c>fail.example.com</c>): it stays Pending with the server's reason.</summary>
    public async Task<Guid> AddPendingImapAccountAsync(string label, string? projectKey)
    {
        var outcome = await CreateImapAccountAsync(label, projectKey, "fail.example.com");
        return outcome.Status == InstallationStatus.Pending ? outcome.AccountId : throw new InvalidOperationException($"Expected Pending, got {outcome.Status}.");
    }

    /// <summary>Runs one sync of the account through the domain's runner, as the scheduler would (the fake
    /// ping mailbox yields three messages).</summary>
    public async Task RunSyncAsync(Guid accountId)
    {
        await using var scope = await AcmeScopeAsync();
        await scope.ServiceProvider.GetRequiredService<SyncRunner>().RunAsync(accountId, SyncTrigger.Manual, CancellationToken.None);
    }

    /// <summary>Puts the account in <paramref name="status"/> with a stored error, as the scheduler leaves an account
    /// that stopped after its failures (Error) or whose credentials were refused (NeedsReconnect).</summary>
    public async Task BreakAsync(Guid accountId, InstallationStatus status, string error)
    {
        await using var scope = await AcmeScopeAsync();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContextAsync();
        var stored = new AccountError(error, "transient", DateTime.UtcNow).ToJson();
        await db.Installations.Where(i => i.Id == accountId).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Status, status).SetProperty(i => i.ErrorJson, stored).SetProperty(i => i.NextSyncAt, (DateTime?)null));
    }

    /// <summary>Holds the removal of every document of the account, as the deletion brake does after a sync that found
    /// them all gone.</summary>
    public async Task HoldRemovalsAsync(Guid accountId)
    {
        await using var scope = await AcmeScopeAsync();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContextAsync();
        var documents = await db.Documents.Where(d => d.InstallationId == accountId).Select(d => new { d.Id, d.TenantId }).ToListAsync();
        db.HeldRemovals.AddRange(documents.Select(d => new Domain.Documents.HeldRemoval
        {
            TenantId = d.TenantId, InstallationId = accountId, DocumentId = d.Id, RunId = Guid.NewGuid(), HeldAt = DateTime.UtcNow,
        }));
        await db.SaveChangesAsync();
    }

    /// <summary>How many documents the account has ingested.</summary>
    public async Task<int> DocumentCountAsync(Guid accountId)
    {
        await using var scope = await AcmeScopeAsync();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContextAsync();
        return await db.Documents.CountAsync(d => d.InstallationId == accountId);
    }

    /// <summary>The titles of the account's documents, in order.</summary>
    public async Task<List<string>> DocumentTitlesAsync(Guid accountId)
    {
        await using var scope = await AcmeScopeAsync();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContextAsync();
        return await db.Documents.Where(d => d.InstallationId == accountId).OrderBy(d => d.Title).Select(d => d.Title).ToListAsync();
    }

    /// <summary>The id of tenant acme's account labelled <paramref name="label"/>.</summary>
    public async Task<Guid> AccountIdAsync(string label)
    {
        await using var scope = await AcmeScopeAsync();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContextAsync();
        return await db.Installations.Where(i => i.Label == label).Select(i => i.Id).SingleAsync();
    }

    /// <summary>Connects an account of <paramref name="connector"/> in tenant acme through the real services.</summary>
    public async Task<ConfigureOutcome> CreateAccountAsync(string connector, string label, Dictionary<string, object?> values)
    {
        await using var scope = await AcmeScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<ConfigureConnectorService>().CreateAsync(connector,
            new CredentialSubmission(label, null, values), CancellationToken.None);
    }

    /// <summary>Makes the account's scheduled connection check due now, as the passing of its cadence would:
    /// the check job (not the test) then runs it.</summary>
    public async Task MakeCheckDueAsync(Guid accountId)
    {
        await using var scope = await AcmeScopeAsync();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContextAsync();
        var now = DateTime.UtcNow;
        await db.Installations.Where(i => i.Id == accountId).ExecuteUpdateAsync(s => s.SetProperty(i => i.NextCheckAt, now));
    }

    /// <summary>An email channel "Ops mail" with a rule for every event, and a "failing" event of the account written
    /// as the sync runner writes it: the app's notification job hands it to the inbox and the channel.</summary>
    /// <summary>Creates an IMAP tenant credential (the fake ping accepts it) and returns its id.</summary>
    public async Task<Guid> AddImapCredentialAsync(string name)
    {
        await using var scope = await AcmeScopeAsync();
        var created = await scope.ServiceProvider.GetRequiredService<TenantCredentials>().CreateAsync("imap", name, new Dictionary<string, object?>
        {
            ["host"] = "imap.acme.test",
            ["username"] = "shared@acme.test",
            ["password"] = ImapPassword,
        }, CancellationToken.None);
        return created.Id;
    }

    /// <summary>Signs the account in with the tenant credential from now on.</summary>
    public async Task UseCredentialAsync(Guid accountId, Guid credentialId)
    {
        await using var scope = await AcmeScopeAsync();
        await scope.ServiceProvider.GetRequiredService<AccountCredentialSwitch>().SwitchAsync(accountId, credentialId, null, CancellationToken.None);
    }

    public async Task SeedNotificationsAsync(Guid accountId)
    {
        await using var scope = await AcmeScopeAsync();
        var settings = scope.ServiceProvider.GetRequiredService<NotificationSettings>();
        var channel = await settings.CreateChannelAsync(new ChannelInput("email", "Ops mail", ["ops@acme.test"], null), CancellationToken.None);
        await settings.CreateRuleAsync(new RuleInput("Everything", AccountEventKinds.All, [channel.Id], null, null), CancellationToken.None);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContextAsync();
        var account = await db.Installations.SingleAsync(i => i.Id == accountId);
        await AccountEvents.RaiseAsync(db, account, AccountEventKinds.Failing, "transient",
            "3 failed runs in a row (the account stops at 5): The provider could not be reached during the sync (a transient failure).",
            DateTime.UtcNow, CancellationToken.None);
        await db.SaveChangesAsync();
    }

    private async Task<ConfigureOutcome> CreateImapAccountAsync(string label, string? projectKey, string host)
    {
        await using var scope = await AcmeScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<ConfigureConnectorService>().CreateAsync("imap",
            new CredentialSubmission(label, projectKey, new Dictionary<string, object?>
            {
                ["host"] = host,
                ["username"] = $"{label.ToLowerInvariant()}@acme.test",
                ["password"] = ImapPassword,
            }), CancellationToken.None);
    }

    private async Task<AsyncServiceScope> AcmeScopeAsync()
    {
        var scope = Services.CreateAsyncScope();
        var tenant = await scope.ServiceProvider.GetRequiredService<TenantDirectory>().GetBySlugAsync("acme", CancellationToken.None);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenant.Id);
        scope.ServiceProvider.GetRequiredService<ActorContext>().UseSystem("e2e-setup");
        return scope;
    }

    /// <summary>The id of tenant acme, whose admin the tests sign in as.</summary>
    public async Task<Guid> AcmeIdAsync()
    {
        await using var scope = await AcmeScopeAsync();
        return scope.ServiceProvider.GetRequiredService<TenantContext>().RequireTenantId();
    }

    /// <summary>Adds a user of tenant acme with the given role.</summary>
    public async Task AddUserAsync(string email, string password, TenantRole role)
    {
        await using var scope = await AcmeScopeAsync();
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>().RequireTenantId();
        await scope.ServiceProvider.GetRequiredService<UserDirectory>().AddAsync(email, password, tenant, role, isSupport: false, CancellationToken.None);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
