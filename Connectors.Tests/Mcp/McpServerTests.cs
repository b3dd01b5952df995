using System.Net;
using System.Text.Json;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Tests.Api;
using Connectors.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Connectors.Tests.Mcp;

/// <summary>
/// The MCP server at <c>/mcp</c> through the official SDK's client over real HTTP: authentication (401 with the
/// protected-resource metadata), the tool list with its annotations, every tool's happy path and refusals, the role
/// matrix, and no planted secret in any answer.
/// </summary>
public sealed class McpServerTests(McpApp app) : IClassFixture<McpApp>
{
    private static readonly string[] ToolNames =
    [
        "connectors_list", "account_get", "account_runs", "account_settings_get", "account_settings_update", "account_sync_now",
        "account_pause", "account_resume", "account_test", "account_preview", "projects_list", "documents_search", "credentials_list", "account_targets_set",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Anonymous_Gets401WithResourceMetadata_AndTheMetadataNamesTheEndpoint()
    {
        using var http = app.Http(Who.Anonymous);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };

        using var response = await http.SendAsync(request, Ct);
        using var badToken = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        badToken.Headers.Authorization = new("Bearer", "cka_not-a-real-token");
        using var refused = await http.SendAsync(badToken, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        var metadataUrl = new Uri(app.BaseUrl, "/.well-known/oauth-protected-resource/mcp");
        challenge.ShouldBe($"Bearer resource_metadata=\"{metadataUrl}\"");
        var metadata = JsonDocument.Parse(await http.GetStringAsync(metadataUrl, Ct)).RootElement;
        metadata.GetProperty("resource").GetString().ShouldBe(app.Endpoint.ToString());
        metadata.GetProperty("bearer_methods_supported").EnumerateArray().Select(e => e.GetString()).ShouldBe(["header"]);
        metadata.GetProperty("resource_documentation").GetString().ShouldBe(new Uri(app.BaseUrl, "/account/manage/tokens").ToString());
    }

    [Fact]
    public async Task SignInCookie_IsNotEnough_OnlyATokenOpensTheEndpoint()
    {
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = app.BaseUrl,
        };
        (await global::Connectors.Tests.Web.Hosting.AppStartupTests.SignInAsync(browser, global::Connectors.Domain.Administration.DatabaseSeeder.DefaultAdminEmail,
            global::Connectors.Tests.Infrastructure.ConnectorsAppFactory.AdminPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.GetAsync("/api/admin/connectors", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK); // the cookie works for the API

        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        using var response = await browser.SendAsync(request, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer resource_metadata=");
    }

    [Fact]
    public async Task Tools_AreTheDesignNames_WithAnnotations_AndSayHowToAddAccounts()
    {
        await using var client = await app.ClientAsync(Who.Admin);

        var tools = await client.ListToolsAsync(cancellationToken: Ct);

        tools.Select(t => t.Name).ShouldBe(ToolNames, ignoreOrder: true);
        var byName = tools.ToDictionary(t => t.Name, t => t.ProtocolTool);
        foreach (var read in new[] { "connectors_list", "account_get", "account_runs", "account_settings_get", "account_preview", "projects_list", "documents_search", "credentials_list" })
        {
            byName[read].Annotations!.ReadOnlyHint.ShouldBe(true, read);
        }

        foreach (var change in new[] { "account_settings_update", "account_sync_now", "account_pause", "account_resume", "account_test", "account_targets_set" })
        {
            (byName[change].Annotations!.ReadOnlyHint ?? false).ShouldBeFalse(change);
            byName[change].Annotations!.DestructiveHint.ShouldBe(false, change);
        }

        byName["connectors_list"].Description!.ShouldContain("accounts add");
        byName["account_get"].InputSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ShouldBe(["accountId"]);
        client.ServerInstructions!.ShouldContain("never over MCP");
    }

    [Fact]
    public async Task EveryTool_HappyPath_AsSuperAdmin()
    {
        using var http = app.Http(Who.SuperAdmin);
        var id = (await http.CreateImapAsync($"Mcp happy {Guid.NewGuid():N}"[..20])).Id();
        await app.Api.AddDocumentAsync(id, $"mcp-doc-{id:N}");
        await using var client = await app.ClientAsync(Who.SuperAdmin);

        var list = await CallAsync(client, "connectors_list");
        var get = await CallAsync(client, "account_get", new() { ["accountId"] = id });
        var settings = await CallAsync(client, "account_settings_get", new() { ["accountId"] = id, ["discoverField"] = "folders.include" });
        var updated = await CallAsync(client, "account_settings_update", new() { ["accountId"] = id, ["values"] = new Dictionary<string, object?> { ["folders.exclude"] = new[] { "Spam" } } });
        var preview = await CallAsync(client, "account_preview", new() { ["accountId"] = id, ["limit"] = 2 });
        var test = await CallAsync(client, "account_test", new() { ["accountId"] = id });
        var sync = await CallAsync(client, "account_sync_now", new() { ["accountId"] = id });
        var again = await client.CallToolAsync("account_sync_now", new Dictionary<string, object?> { ["accountId"] = id }, cancellationToken: Ct);
        var runs = await CallAsync(client, "account_runs", new() { ["accountId"] = id });
        var projects = await CallAsync(client, "projects_list");
        var credential = await http.CreateImapCredentialAsync($"Mcp shared {Guid.NewGuid():N}"[..20], "Mcp-Shared-S3cret-41");
        var credentials = await CallAsync(client, "credentials_list");
        var documents = await CallAsync(client, "documents_search", new() { ["projectKey"] = get.GetProperty("account").GetProperty("resolvedProjectKey").GetString(), ["query"] = "" });

        list.EnumerateArray().Single(c => c.GetProperty("key").GetString() == "imap").GetProperty("accounts").EnumerateArray()
            .ShouldContain(a => a.GetProperty("id").GetGuid() == id);
        get.GetProperty("account").GetProperty("status").GetString().ShouldBe("active");
        settings.GetProperty("liveOptions").GetProperty("options").GetArrayLength().ShouldBeGreaterThan(0);
        updated.GetProperty("values").GetProperty("folders.exclude").EnumerateArray().Select(e => e.GetString()).ShouldBe(["Spam"]);
        preview.GetProperty("items").GetArrayLength().ShouldBe(2);
        preview.GetProperty("items")[0].GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        test.GetProperty("state").GetString().ShouldBe("healthy");
        sync.GetProperty("runId").GetGuid().ShouldNotBe(Guid.Empty);
        again.IsError.ShouldBe(true);
        again.StructuredContent!.Value.GetProperty("error").GetString().ShouldBe("conflict");
        runs.GetProperty("items").EnumerateArray().ShouldContain(r => r.GetProperty("id").GetGuid() == sync.GetProperty("runId").GetGuid());
        projects.EnumerateArray().Select(p => p.GetProperty("key").GetString()).ShouldContain("default");
        credentials.EnumerateArray().ShouldContain(c => c.GetProperty("id").GetGuid() == credential);
        credentials.GetRawText().ShouldNotContain("Mcp-Shared-S3cret-41");
        documents.GetProperty("items").EnumerateArray().ShouldContain(d => d.GetProperty("title").GetString() == $"mcp-doc-{id:N}");

        var targeted = await CallAsync(client, "account_targets_set", new() { ["accountId"] = id, ["projectKeys"] = new[] { "engineering" } });
        var inEngineering = await CallAsync(client, "documents_search", new() { ["projectKey"] = "engineering" });
        targeted.GetProperty("targetProjects").EnumerateArray().Select(p => p.GetString()).ShouldBe(["engineering"]);
        inEngineering.GetProperty("items").EnumerateArray().ShouldContain(d => d.GetProperty("title").GetString() == $"mcp-doc-{id:N}");
        (await AuditActionsAsync(id)).ShouldContain("account.updated");

        var paused = await CallAsync(client, "account_pause", new() { ["accountId"] = id });
        var resumed = await CallAsync(client, "account_resume", new() { ["accountId"] = id });
        paused.GetProperty("status").GetString().ShouldBe("paused");
        resumed.GetProperty("status").GetString().ShouldBe("active");
        (await AuditActionsAsync(id)).ShouldContain("account.paused");
    }

    [Fact]
    public async Task Refusals_NameTheFieldOrTheProblem_LikeTheApi()
    {
        using var http = app.Http(Who.SuperAdmin);
        var id = (await http.CreateImapAsync($"Mcp refusals {Guid.NewGuid():N}"[..22])).Id();
        await using var client = await app.ClientAsync(Who.SuperAdmin);

        var badSetting = await client.CallToolAsync("account_settings_update",
            new Dictionary<string, object?> { ["accountId"] = id, ["values"] = new Dictionary<string, object?> { ["folders.exclude"] = 42, ["colour"] = "red" } }, cancellationToken: Ct);
        var unknown = await client.CallToolAsync("account_get", new Dictionary<string, object?> { ["accountId"] = Guid.NewGuid() }, cancellationToken: Ct);
        var badProject = await client.CallToolAsync("documents_search", new Dictionary<string, object?> { ["projectKey"] = "nope", ["pageSize"] = 0 }, cancellationToken: Ct);
        var badLimit = await client.CallToolAsync("account_preview", new Dictionary<string, object?> { ["accountId"] = id, ["limit"] = 99 }, cancellationToken: Ct);
        await CallAsync(client, "account_pause", new() { ["accountId"] = id });
        var pausedTwice = await client.CallToolAsync("account_pause", new Dictionary<string, object?> { ["accountId"] = id }, cancellationToken: Ct);

        Fields(badSetting).Keys.ShouldBe(["colour", "folders.exclude"], ignoreOrder: true);
        Text(badSetting).ShouldContain("colour");
        Kind(unknown).ShouldBe("not-found");
        Fields(badProject).Keys.ShouldBe(["pageSize", "projectKey"], ignoreOrder: true);
        Fields(badLimit).Keys.ShouldBe(["limit"]);
        Fields(pausedTwice).Keys.ShouldBe(["status"]);
    }

    [Fact]
    public async Task Roles_ViewerReads_OnlySuperAdminChanges_MemberRefused_OtherTenantSeesNothing()
    {
        using var http = app.Http(Who.SuperAdmin);
        var id = (await http.CreateImapAsync($"Mcp roles {Guid.NewGuid():N}"[..18])).Id();
        await using var viewer = await app.ClientAsync(Who.Admin);
        await using var globex = await app.ClientAsync(app.Api.GlobexToken);

        var read = await viewer.CallToolAsync("account_get", new Dictionary<string, object?> { ["accountId"] = id }, cancellationToken: Ct);
        var pause = await viewer.CallToolAsync("account_pause", new Dictionary<string, object?> { ["accountId"] = id }, cancellationToken: Ct);
        var preview = await viewer.CallToolAsync("account_preview", new Dictionary<string, object?> { ["accountId"] = id }, cancellationToken: Ct);
        var other = await globex.CallToolAsync("account_get", new Dictionary<string, object?> { ["accountId"] = id }, cancellationToken: Ct);
        var otherList = await CallAsync(globex, "connectors_list");
        var member = await Should.ThrowAsync<HttpRequestException>(() => app.ClientAsync(Who.Member));

        read.IsError.ShouldNotBe(true);
        Kind(pause).ShouldBe("forbidden");
        Kind(preview).ShouldBe("forbidden");
        Kind(other).ShouldBe("not-found");
        otherList.GetRawText().ShouldNotContain(id.ToString());
        member.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await AccountAsync(id)).Status.ShouldBe(InstallationStatus.Active);
    }

    [Fact]
    public async Task NoAnswer_CarriesAPlantedSecret()
    {
        using var http = app.Http(Who.SuperAdmin);
        var id = (await http.CreateImapAsync($"Mcp secret {Guid.NewGuid():N}"[..19])).Id();
        await using var client = await app.ClientAsync(Who.SuperAdmin);
        var answers = new List<string>();

        foreach (var (tool, arguments) in new (string, Dictionary<string, object?>)[]
        {
            ("connectors_list", []),
            ("account_get", new() { ["accountId"] = id }),
            ("account_settings_get", new() { ["accountId"] = id, ["discoverField"] = "folders.include" }),
            ("account_preview", new() { ["accountId"] = id }),
            ("account_test", new() { ["accountId"] = id }),
            ("account_runs", new() { ["accountId"] = id }),
            ("account_settings_update", new() { ["accountId"] = id, ["values"] = new Dictionary<string, object?> { ["password"] = ApiCalls.ImapPassword } }),
        })
        {
            var result = await client.CallToolAsync(tool, arguments, cancellationToken: Ct);
            answers.Add(JsonSerializer.Serialize(result));
        }

        answers.ShouldAllBe(a => !a.Contains(ApiCalls.ImapPassword, StringComparison.Ordinal));
        answers.Count.ShouldBe(7);
    }

    internal static async Task<JsonElement> CallAsync(McpClient client, string tool, Dictionary<string, object?>? arguments = null)
    {
        var result = await client.CallToolAsync(tool, arguments ?? [], cancellationToken: Ct);
        result.IsError.ShouldNotBe(true, $"{tool}: {Text(result)}");
        return JsonDocument.Parse(Text(result)).RootElement;
    }

    internal static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    private static string? Kind(CallToolResult result)
    {
        result.IsError.ShouldBe(true, Text(result));
        return result.StructuredContent!.Value.GetProperty("error").GetString();
    }

    private static Dictionary<string, string> Fields(CallToolResult result)
    {
        Kind(result).ShouldBe("validation");
        return result.StructuredContent!.Value.GetProperty("fields").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    private async Task<ConnectorInstallation> AccountAsync(Guid id)
    {
        await using var scope = app.Api.Factory.Services.CreateAsyncScope();
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.Installations.IgnoreQueryFilters().AsNoTracking().SingleAsync(i => i.Id == id, Ct);
    }

    private async Task<List<string>> AuditActionsAsync(Guid id)
    {
        await using var scope = app.Api.Factory.Services.CreateAsyncScope();
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var target = id.ToString();
        return await db.AuditEntries.IgnoreQueryFilters().AsNoTracking().Where(a => a.TargetId == target).Select(a => a.Action).ToListAsync(Ct);
    }
}
