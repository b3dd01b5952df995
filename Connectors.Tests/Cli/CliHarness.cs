using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;
using Connectors.Web.Cli;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Cli;

/// <summary>Runs CLI verbs through <see cref="ConnectorsCli.RunAsync"/> — the executable's entry point —
/// against one fresh SQLite file, in the Development environment with the IMAP fake ping on (hosts
/// containing "fail" are refused), and opens the same database for assertions.</summary>
public sealed class CliHarness : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("connectors-cli-").FullName;

    public string DatabasePath => Path.Combine(_folder, "cli.db");

    public Dictionary<string, string?> Settings => new()
    {
        ["ConnectionStrings:Connectors"] = $"Data Source={DatabasePath}",
        ["environment"] = "Development",
        ["Connectors:Imap:FakePing"] = "true",
    };

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, stdin: "");

    public async Task<CliResult> RunAsync(string[] args, string stdin, IDictionary<string, string?>? settings = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var all = Settings;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var exitCode = await ConnectorsCli.RunAsync(args, new StringReader(stdin), output, error, all);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Adds the IMAP account "Support" to tenant acme through <c>accounts add</c> (the fake ping signs it in) and
    /// returns its id.</summary>
    public async Task<string> AddSupportMailboxAsync()
    {
        var added = await RunAsync(["accounts", "add", "--tenant", "acme", "--connector", "imap", "--label", "Support",
            "--field", "host=imap.acme.test", "--field", "username=support@acme.test"], stdin: "Mailbox-Pa55-1\n");
        added.ExitCode.ShouldBe(0, added.Err);
        await using var db = Open();
        return (await db.Installations.IgnoreQueryFilters().SingleAsync(i => i.Label == "Support")).Id.ToString();
    }

    /// <summary>The domain services over the CLI's database (its own DataProtection key ring cache:
    /// build a new one to see key changes made by a verb).</summary>
    public ServiceProvider Domain(IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddConnectorsDomain(configuration);
        services.AddShippedConnectors(configuration);
        return services.BuildServiceProvider();
    }

    public SqliteConnectorsDbContext Open() => new(
        new DbContextOptionsBuilder<SqliteConnectorsDbContext>().UseSqlite($"Data Source={DatabasePath}").Options,
        new TenantContext(), new ActorContext(TimeProvider.System), TimeProvider.System);

    /// <summary>A context inside <paramref name="tenantId"/>, for seeding rows of that tenant.</summary>
    public SqliteConnectorsDbContext Open(Guid tenantId)
    {
        var tenant = new TenantContext();
        tenant.Use(tenantId);
        return new(new DbContextOptionsBuilder<SqliteConnectorsDbContext>().UseSqlite($"Data Source={DatabasePath}").Options,
            tenant, new ActorContext(TimeProvider.System), TimeProvider.System);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

public sealed record CliResult(int ExitCode, string Out, string Err)
{
    public void ShouldSucceedWith(string line)
    {
        Err.ShouldBeEmpty();
        ExitCode.ShouldBe(0);
        Out.ShouldContain(line);
    }

    public void ShouldFailWith(string line)
    {
        ExitCode.ShouldBe(1);
        Err.ShouldBe(line + Environment.NewLine);
    }

    /// <summary>Exit 1 and exactly one line on standard error, starting with <paramref name="start"/>.</summary>
    public void ShouldFailWithOneLine(string start)
    {
        ExitCode.ShouldBe(1, $"stderr: {Err}");
        Err.TrimEnd().Split('\n').ShouldHaveSingleItem().ShouldStartWith(start);
    }
}
