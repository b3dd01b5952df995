using System.Diagnostics;
using System.Globalization;
using Connectors.Domain.Data;
using Connectors.Domain.Sync;
using Connectors.Tests.Infrastructure;
using Connectors.Tests.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Connectors.Tests.Connectors.Mcp;

/// <summary>
/// What a sync of an MCP server costs. The structural half runs every time: one <c>resources/list</c> per listing page,
/// one <c>resources/read</c> per text resource and none for a binary, and a second sync of unchanged resources writes
/// no document. The explicit half prints a full sync of 2,000 resources (documents per second) beside the SDK client
/// listing and reading the same resources alone, as a ratio, in one run:
/// <c>dotnet test Connectors.Tests --filter "FullyQualifiedName~McpSyncBenchmark" -- xUnit.Explicit=only</c>.
/// </summary>
public sealed class McpSyncBenchmarkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sync_OfTwoHundredResources_OneListPerPageOneReadPerTextResource_ASecondSyncWritesNothing()
    {
        var capture = new CommandCapture();
        await using var mcp = await McpTestBed.CreateAsync(protect: false, configure: services =>
            services.ConfigureDbContext<SqliteConnectorsDbContext>(o => o.AddInterceptors(capture)));
        mcp.Mcp.PageSize = 50;
        Seed(mcp.Mcp, 190, binaries: 10);
        var accountId = (await mcp.CreateAsync()).AccountId;

        var first = await mcp.RunAsync(accountId);
        var lists = mcp.Mcp.Calls.Count(c => c.StartsWith("list", StringComparison.Ordinal));
        var reads = mcp.Mcp.Calls.Where(c => c.StartsWith("read", StringComparison.Ordinal)).ToList();
        mcp.Mcp.Calls.Clear();
        capture.Recording = true;
        var second = await mcp.RunAsync(accountId);
        capture.Recording = false;

        (first.Status, first.Seen, first.Added).ShouldBe((SyncRunStatus.Succeeded, 200, 190));
        lists.ShouldBe(1 + 4, "the connection check lists once, the sync once per page of 50");
        reads.Count.ShouldBe(190, "every text resource once (the connection check only lists)");
        reads.ShouldAllBe(r => !r.Contains("bin-", StringComparison.Ordinal));
        (second.Status, second.Added, second.Updated, second.Removed).ShouldBe((SyncRunStatus.Succeeded, 0, 0, 0));
        capture.Commands.Where(c => c.Sql.Contains("\"Documents\"", StringComparison.Ordinal) && c.Verb is "UPDATE" or "INSERT" or "DELETE")
            .ShouldBeEmpty("unchanged resources are not rewritten");
    }

    [Fact(Explicit = true)]
    public async Task FullSync_OfTwoThousandResources_PrintsDocumentsPerSecondBesideTheSdkClientAlone()
    {
        const int count = 2_000;
        await using var mcp = await McpTestBed.CreateAsync(protect: false, configure: services => services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning)));
        mcp.Mcp.PageSize = 100;
        Seed(mcp.Mcp, count, binaries: 0);
        var accountId = (await mcp.CreateAsync()).AccountId;

        await SdkAloneAsync(new Uri(mcp.Mcp.Url), concurrency: 4); // Warm-up: JIT and connections, for the reference and the sync alike.
        var sequential = await SdkAloneAsync(new Uri(mcp.Mcp.Url), concurrency: 1);
        var concurrent = await SdkAloneAsync(new Uri(mcp.Mcp.Url), concurrency: 4);
        var watch = Stopwatch.StartNew();
        var run = await mcp.RunAsync(accountId);
        watch.Stop();

        run.Added.ShouldBe(count);
        var product = count / watch.Elapsed.TotalSeconds;
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load average: {LoadAverage.ReadAll() ?? "unknown"}\n"
            + $"SDK client alone, list + read one at a time: {count} resources in {sequential.TotalMilliseconds:0} ms, {count / sequential.TotalSeconds:0} resources/s\n"
            + $"SDK client alone, list + read 4 at a time:   {count} resources in {concurrent.TotalMilliseconds:0} ms, {count / concurrent.TotalSeconds:0} resources/s\n"
            + $"full sync through the runner (read 4 at a time, documents stored): {count} documents in {watch.Elapsed.TotalMilliseconds:0} ms, {product:0} documents/s\n"
            + $"ratio sync ÷ SDK alone: {product / (count / sequential.TotalSeconds):0.00} (one at a time), {product / (count / concurrent.TotalSeconds):0.00} (4 at a time)"));
    }

    private static void Seed(Fakes.FakeMcpResourceServer server, int texts, int binaries)
    {
        var body = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 40));
        for (var i = 0; i < texts; i++)
        {
            server.AddText($"docs://page-{i:D5}", $"Page {i}", $"{i} {body}");
        }

        for (var i = 0; i < binaries; i++)
        {
            server.AddBlob($"docs://bin-{i:D5}", $"Image {i}", [1, 2, 3, (byte)i], "image/png");
        }
    }

    /// <summary>The reference: the SDK's client on a plain handler, listing every page and reading every resource.</summary>
    private static async Task<TimeSpan> SdkAloneAsync(Uri endpoint, int concurrency)
    {
        var watch = Stopwatch.StartNew();
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint, TransportMode = HttpTransportMode.StreamableHttp, EnableStandaloneGetStream = false,
        }), cancellationToken: Ct);
        string? cursor = null;
        var read = 0;
        do
        {
            var page = await client.ListResourcesAsync(new ListResourcesRequestParams { Cursor = cursor }, Ct);
            await Parallel.ForEachAsync(page.Resources, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = Ct }, async (r, ct) =>
            {
                var result = await client.ReadResourceAsync(new ReadResourceRequestParams { Uri = r.Uri }, ct);
                if (result.Contents.Count > 0)
                {
                    Interlocked.Increment(ref read);
                }
            });
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        watch.Stop();
        read.ShouldBeGreaterThan(0);
        return watch.Elapsed;
    }
}
