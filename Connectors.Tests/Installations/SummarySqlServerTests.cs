using Connectors.Domain.Accounts;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

/// <summary>No SQL Server runs on these machines: the summary's last-run query is checked as SQL Server would
/// receive it — translated, starting from the tenant's accounts and joining each one's newest run.</summary>
public sealed class SummarySqlServerTests
{
    [Fact]
    public void LastRunsQuery_SqlServer_JoinsEachAccountOfTheTenantToItsNewestRun()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:Connectors"] = "Server=127.0.0.1,1;Database=connectors;User Id=sa;Password=unused;TrustServerCertificate=true",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddConnectorsDomain(configuration);
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        using var db = scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>();

        var sql = AccountQueries.LastRunsQuery(db, Guid.NewGuid()).ToQueryString();

        db.ShouldBeOfType<SqlServerConnectorsDbContext>();
        sql.ShouldContain("FROM [ConnectorInstallations] AS [c]");
        sql.ShouldContain("[c].[TenantId] = @tenantId");
        sql.ShouldContain("INNER JOIN (");
        sql.ShouldContain("SELECT MAX([s1].[QueuedAt])");
        sql.ShouldContain("[s1].[InstallationId] = [c].[Id]");
    }
}
