using System.Net;
using Connectors.Tests.Web;

namespace Connectors.Tests.Api;

/// <summary><c>/api/admin/connectors</c>: the read summary and creating accounts (credential form, OAuth).</summary>
public sealed class ConnectorsApiTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListConnectors_AdminToken_ReturnsTheReadSummary()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var created = await owner.CreateImapAsync("Summary box");
        using var viewer = app.Client(Who.Admin);

        var connectors = await (await viewer.GetAsync("/api/admin/connectors", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);

        var byKey = connectors.EnumerateArray().ToDictionary(c => c.GetProperty("key").GetString()!);
        byKey.Keys.Order().ShouldBe(["confluence", "google-drive", "imap", "mcp", "notion"]);
        byKey["imap"].GetProperty("authKind").GetString().ShouldBe("credential");
        byKey["google-drive"].GetProperty("authKind").GetString().ShouldBe("oauth");
        byKey["google-drive"].GetProperty("isConfigured").GetBoolean().ShouldBeTrue();
        byKey["google-drive"].GetProperty("oAuthScopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["https://www.googleapis.com/auth/drive.readonly"]);
        byKey["notion"].GetProperty("isConfigured").GetBoolean().ShouldBeFalse();
        byKey["notion"].GetProperty("missingConfiguration").GetString().ShouldBe("Connectors:OAuth:notion:ClientId");
        var password = byKey["imap"].GetProperty("credentialForm").GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "password");
        password.GetProperty("type").GetString().ShouldBe("password");
        password.GetProperty("target").GetString().ShouldBe("secret");
        password.GetProperty("showIf").GetProperty("field").GetString().ShouldBe("auth_mode");
        var account = byKey["imap"].GetProperty("accounts").EnumerateArray().Single(a => a.Id() == created.Id());
        account.GetProperty("label").GetString().ShouldBe("Summary box");
        account.GetProperty("status").GetString().ShouldBe("active");
    }

    [Fact]
    public async Task CreateAccount_ValidImapForm_Returns201WithTheActiveAccount()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var response = await owner.PostJsonAsync("/api/admin/connectors/imap/accounts",
            new { label = "Support inbox", projectKey = "acme-hr", values = new { host = "imap.acme.test", port = 993, username = "support@acme.test", password = ApiCalls.ImapPassword } });

        var account = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe($"/api/admin/accounts/{account.Id()}");
        account.GetProperty("connectorKey").GetString().ShouldBe("imap");
        account.GetProperty("label").GetString().ShouldBe("Support inbox");
        account.GetProperty("projectKey").GetString().ShouldBe("acme-hr");
        account.GetProperty("status").GetString().ShouldBe("active");
        var connection = account.GetProperty("config").GetProperty("connection");
        connection.GetProperty("host").GetString().ShouldBe("imap.acme.test");
        connection.TryGetProperty("password", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task CreateAccount_NoLabel_DefaultsToDefaultAndASecondCollides()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var first = await (await owner.PostJsonAsync("/api/admin/connectors/confluence/accounts", new { values = ConfluenceValues() }))
            .ShouldBeJsonAsync(HttpStatusCode.Created);
        var second = await owner.PostJsonAsync("/api/admin/connectors/confluence/accounts", new { values = ConfluenceValues() });

        first.GetProperty("label").GetString().ShouldBe("default");
        (await second.ShouldBeFieldErrorsAsync())["label"].ShouldBe("An account labelled 'default' already exists for this connector.");
    }

    [Fact]
    public async Task CreateAccount_LoginRefused_Returns201PendingWithTheReason()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var response = await owner.PostJsonAsync("/api/admin/connectors/imap/accounts", new { label = "Refused", values = ApiCalls.ImapValues("fail.acme.test") });

        var account = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        account.GetProperty("status").GetString().ShouldBe("pending");
        account.GetProperty("error").GetProperty("kind").GetString().ShouldBe("auth");
        account.GetProperty("error").GetProperty("message").GetString()!.ShouldContain("refused the login");
    }

    [Fact]
    public async Task CreateAccount_BadFields_Returns422NamingEveryField()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var response = await owner.PostJsonAsync("/api/admin/connectors/imap/accounts",
            new { label = "bad/label", values = new { port = "not a port", encryption = "rot13", colour = "blue", username = "x" } });

        var errors = await response.ShouldBeFieldErrorsAsync();
        errors.Keys.Order().ShouldBe(["colour", "encryption", "host", "label", "password", "port"]);
        errors["host"].ShouldBe("Host is required.");
        errors["port"].ShouldBe("Port must be a number.");
        errors["colour"].ShouldBe("Unknown field 'colour'.");
        errors["encryption"].ShouldStartWith("Encryption must be one of: ssl, tls, starttls, none.");
    }

    [Fact]
    public async Task CreateAccount_DuplicateLabel_Returns422NamingTheLabel()
    {
        using var owner = app.Client(Who.SuperAdmin);
        await owner.CreateImapAsync("Billing");

        var response = await owner.PostJsonAsync("/api/admin/connectors/imap/accounts", new { label = "BILLING", values = ApiCalls.ImapValues() });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("errors").GetProperty("label")[0].GetString().ShouldBe("An account labelled 'BILLING' already exists for this connector.");
    }

    [Fact]
    public async Task CreateAccount_UnknownProject_Returns422NamingTheKey()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var response = await owner.PostJsonAsync("/api/admin/connectors/imap/accounts", new { label = "Unbound", projectKey = "no-such-project", values = ApiCalls.ImapValues() });

        (await response.ShouldBeFieldErrorsAsync())["projectKey"].ShouldBe("Project 'no-such-project' does not exist in this tenant.");
    }

    [Fact]
    public async Task CreateAccount_UnknownConnector_Returns404()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var response = await owner.PostJsonAsync("/api/admin/connectors/dropbox/accounts", new { values = new { } });

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound)).GetProperty("detail").GetString().ShouldBe("Connector 'dropbox' is not registered.");
    }

    [Fact]
    public async Task CreateAccount_OAuthConnector_Returns422()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var response = await owner.PostJsonAsync("/api/admin/connectors/google-drive/accounts", new { values = new { } });

        (await response.ShouldBeFieldErrorsAsync())["connector"].ShouldContain("OAuth");
    }

    [Fact]
    public async Task CreateAccount_McpServerAskingForOAuth_Returns202WithItsAuthorizeUrl_AndNoneOfTheClientsSecrets()
    {
        var authorization = new Fakes.FakeMcpAuthorization();
        await using var auth = await Fakes.FakeProviderServer.StartAsync(authorization);
        await using var mcp = await Fakes.FakeMcpResourceServer.StartAsync();
        mcp.ProtectWith(auth);
        using var owner = app.Client(Who.SuperAdmin);

        var response = await owner.PostJsonAsync("/api/admin/connectors/mcp/accounts",
            new { label = "Team wiki", values = new { server_url = mcp.Url } });

        var body = await response.ShouldBeJsonAsync(HttpStatusCode.Accepted);
        var authorize = body.GetProperty("authorizeUrl").GetString()!;
        authorize.ShouldStartWith(auth.OAuth.AuthorizeEndpoint(Fakes.FakeMcpAuthorization.ProviderKey));
        authorize.ShouldContain($"resource={Uri.EscapeDataString(mcp.Url)}");
        var (clientId, registered) = authorization.Clients.ShouldHaveSingleItem();
        authorize.ShouldContain($"client_id={clientId}");
        body.GetRawText().ShouldNotContain(auth.OAuth.RegisteredClients[clientId]!);
        body.GetRawText().ShouldNotContain(registered.Token);
    }

    [Fact]
    public async Task CreateAccount_ConnectorAnswersWithAProvider_Returns202WithTheAuthorizeUrl()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var response = await owner.PostJsonAsync("/api/admin/connectors/imap/accounts",
            new { label = "Gmail box", values = new { auth_mode = "xoauth2", xoauth2_provider = "google", username = "box@gmail.test" } });

        var body = await response.ShouldBeJsonAsync(HttpStatusCode.Accepted);
        body.GetProperty("authorizeUrl").GetString()!.ShouldStartWith("https://accounts.google.com/");
        body.GetProperty("authorizeUrl").GetString()!.ShouldContain("client_id=api-tests-gmail-client");
        body.GetProperty("account").GetProperty("status").GetString().ShouldBe("pending");
        body.GetProperty("accountId").GetGuid().ShouldBe(body.GetProperty("account").Id());
    }

    [Fact]
    public async Task BeginOAuth_ConfiguredConnector_ReturnsTheAccountAndAuthorizeUrl()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var response = await owner.PostJsonAsync("/api/admin/connectors/google-drive/oauth", new { label = "Team drive", projectKey = "engineering" });

        var body = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        var url = new Uri(body.GetProperty("authorizeUrl").GetString()!);
        url.Host.ShouldBe("accounts.google.com");
        url.Query.ShouldContain("code_challenge_method=S256");
        var account = body.GetProperty("account");
        account.Id().ShouldBe(body.GetProperty("accountId").GetGuid());
        account.GetProperty("status").GetString().ShouldBe("pending");
        account.GetProperty("projectKey").GetString().ShouldBe("engineering");
    }

    [Fact]
    public async Task BeginOAuth_SameLabelTwice_ReArmsTheSameAccount()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var first = await (await owner.PostJsonAsync("/api/admin/connectors/google-drive/oauth", new { label = "Shared drive" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var second = await (await owner.PostJsonAsync("/api/admin/connectors/google-drive/oauth", new { label = "shared drive" })).ShouldBeJsonAsync(HttpStatusCode.OK);

        second.GetProperty("accountId").GetGuid().ShouldBe(first.GetProperty("accountId").GetGuid());
    }

    [Fact]
    public async Task BeginOAuth_UnconfiguredConnector_Returns422NamingTheSetting()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var response = await owner.PostJsonAsync("/api/admin/connectors/notion/oauth", new { label = "Wiki" });

        (await response.ShouldBeFieldErrorsAsync())["connector"].ShouldBe("Notion is not configured on this deployment: set Connectors:OAuth:notion:ClientId.");
    }

    [Fact]
    public async Task BeginOAuth_CredentialConnectorOrBadInput_Returns422()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var credential = await owner.PostJsonAsync("/api/admin/connectors/imap/oauth", new { label = "Mail" });
        var bad = await owner.PostJsonAsync("/api/admin/connectors/google-drive/oauth", new { label = 42, projectKey = "nope", scope = "all" });

        (await credential.ShouldBeFieldErrorsAsync())["connector"].ShouldContain("credential form");
        (await bad.ShouldBeFieldErrorsAsync()).Keys.Order().ShouldBe(["label", "scope"]);
    }

    internal static Dictionary<string, object?> ConfluenceValues(string baseUrl = "http://127.0.0.1:9/", string token = "conf-token") => new()
    {
        ["base_url"] = baseUrl,
        ["email"] = "reader@acme.test",
        ["api_token"] = token,
    };

}
