using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Connectors.Domain.AccessTokens;
using Connectors.Domain.Administration;
using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Connectors.Tests.Installations;
using Connectors.Tests.Sync;
using Connectors.Tests.Web;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Api;

/// <summary>
/// Issue 7, item 5, over HTTP: <c>GET /api/admin/connectors</c> — the read summary behind a token — costs the same
/// number of SQL commands for 10 and 1,000 accounts (default run), and its latency at 1,000 accounts is printed by
/// the explicit benchmark:
/// <c>dotnet test Connectors.Tests --filter "FullyQualifiedName~ApiListBenchmark" --logger "console;verbosity=detailed" -- xUnit.Explicit=only</c>.
/// </summary>
public sealed class ApiListBenchmarkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListEndpoint_TenThenThousandAccounts_SendsTheSameNumberOfSqlCommands()
    {
        var capture = new CommandCapture();
        await using var app = App(capture);
        using var client = await ClientAsync(app);
        var acme = await WebSession.AcmeAsync(app);

        await SummarySeed.SeedAsync(app.Services, acme, 10, Ct, labelPrefix: "Small");
        var small = await CountCommandsAsync(client, capture, expectedAccounts: 10);
        await SummarySeed.SeedAsync(app.Services, acme, 990, Ct, labelPrefix: "Large");
        var large = await CountCommandsAsync(client, capture, expectedAccounts: 1_000);

        TestContext.Current.TestOutputHelper?.WriteLine($"GET /api/admin/connectors: {small} SQL commands at 10 accounts, {large} at 1,000.");
        large.ShouldBe(small);
    }

    [Fact(Explicit = true)]
    public async Task ListEndpoint_ThousandAccounts_PrintsLatency()
    {
        await using var app = App(new CommandCapture());
        using var client = await ClientAsync(app);
        await SummarySeed.SeedAsync(app.Services, await WebSession.AcmeAsync(app), 1_000, Ct, history: 96);
        long bytes = 0;

        var times = await SummaryBenchmark.TimeAsync(async ct =>
        {
            using var response = await client.GetAsync("/api/admin/connectors", ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            bytes = (await response.Content.ReadAsByteArrayAsync(ct)).LongLength;
        }, warmUps: 10, repetitions: 50, Ct);

        var line = string.Create(CultureInfo.InvariantCulture,
            $"GET /api/admin/connectors, 1,000 accounts (96 older runs each): median {SummaryBenchmark.Percentile(times, 0.5).TotalMilliseconds:0.0} ms, " +
            $"p95 {SummaryBenchmark.Percentile(times, 0.95).TotalMilliseconds:0.0} ms, {bytes / 1024.0:0} KiB, load {LoadAverage.Read()}");
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine(line);
    }

    /// <summary>Statements of one request (token check included), after a warm-up request.</summary>
    private static async Task<int> CountCommandsAsync(HttpClient client, CommandCapture capture, int expectedAccounts)
    {
        (await client.GetAsync("/api/admin/connectors", Ct)).EnsureSuccessStatusCode();
        capture.Clear();
        capture.Recording = true;
        using var response = await client.GetAsync("/api/admin/connectors", Ct);
        capture.Recording = false;
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        body.RootElement.EnumerateArray().Sum(c => c.GetProperty("accounts").GetArrayLength()).ShouldBe(expectedAccounts);
        return capture.Commands.Count;
    }

    private static ConnectorsAppFactory App(CommandCapture capture) => new(new Dictionary<string, string?>
    {
        ["Connectors:Sync:Enabled"] = "false",
        ["Logging:LogLevel:Default"] = "Warning",
    }, services: s => s.ConfigureDbContext<SqliteConnectorsDbContext>(o => o.AddInterceptors(capture)));

    private static async Task<HttpClient> ClientAsync(ConnectorsAppFactory app)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(await WebSession.AcmeAsync(app));
        scope.ServiceProvider.GetRequiredService<ActorContext>().Use(await ApiApp.UserIdAsync(scope.ServiceProvider, DatabaseSeeder.DefaultAdminEmail), TenantRole.SuperAdmin);
        var token = await scope.ServiceProvider.GetRequiredService<PersonalAccessTokenService>().CreateAsync("benchmark", 30, Ct);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return client;
    }
}
