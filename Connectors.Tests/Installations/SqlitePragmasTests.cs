using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

/// <summary>
/// Every connection the app opens gets the page cache the read summary needs to stay linear at 10,000 accounts
/// (with SQLite's default 2 MiB its newest-run query grew 13× from 1,000 to 10,000 accounts; see
/// docs/performance.md, "Linear at 10,000"). Structural, not timed: the PRAGMA as an opened connection reports it.
/// </summary>
public sealed class SqlitePragmasTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenedConnection_HasTheLargerPageCacheAndNormalSynchronous_AlsoWhenReusedFromThePool()
    {
        await using var bed = await ConnectorsTestBed.CreateAsync();
        for (var open = 0; open < 2; open++)
        {
            await using var scope = bed.As(bed.Acme);
            await using var db = scope.ServiceProvider.GetRequiredService<AccountStore>().Open();
            await db.Database.OpenConnectionAsync(Ct);
            (await PragmaAsync(db, "cache_size")).ShouldBe(-SqlitePragmas.CacheSizeKiB);
            (await PragmaAsync(db, "synchronous")).ShouldBe(1L, "NORMAL");
            SqlitePragmas.CacheSizeKiB.ShouldBeGreaterThanOrEqualTo(16 * 1024, "the summary's working set at 10,000 accounts");
        }
    }

    private static async Task<long> PragmaAsync(ConnectorsDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
