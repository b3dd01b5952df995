using System.Net;
using Connectors.Tests.Fakes;
using Connectors.Tests.Web;

namespace Connectors.Tests.Api;

/// <summary>
/// No response of the API — successes, refusals, validation errors, every read — and not the tokens page
/// carries a secret that was submitted: an IMAP password and a Confluence API token (one account connected
/// through a local fake Confluence, so the vault really holds it, one refused).
/// </summary>
public sealed class SecretHygieneApiTests(ApiApp app) : IClassFixture<ApiApp>, IAsyncLifetime
{
    private const string ImapSecret = "Imap-Pa55-ZQX-8d41-never-echoed";
    private const string RefusedSecret = "Conf-Refused-Token-5e2c-never-echoed";
    private const string ConfluenceSecret = FakeConfluenceApi.ApiToken;

    private static readonly string[] Secrets = [ImapSecret, RefusedSecret, ConfluenceSecret];

    private readonly List<string> _bodies = [];
    private FakeProviderServer _confluence = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _confluence = await FakeProviderServer.StartAsync(new FakeConfluenceApi());

    public async ValueTask DisposeAsync() => await _confluence.DisposeAsync();

    [Fact]
    public async Task EveryResponse_AfterSubmittingSecrets_NeverContainsThem()
    {
        using var owner = app.Client(Who.SuperAdmin);
        using var viewer = app.Client(Who.Admin);

        // Creation: connected, refused, and rejected by validation (unknown field, duplicate label, too long).
        var imap = await Created(owner, "imap", new { label = "Secret mail", values = ApiCalls.ImapValues(password: ImapSecret) });
        var wiki = await Created(owner, "confluence", new
        {
            label = "Secret wiki",
            values = new { base_url = _confluence.BaseUrl, email = FakeConfluenceApi.Email, api_token = ConfluenceSecret },
        });
        var refused = await Created(owner, "confluence", new { label = "Refused wiki", values = ConnectorsApiTests.ConfluenceValues(token: RefusedSecret) });
        await Record(owner.PostJsonAsync("/api/admin/connectors/imap/accounts", new { label = "Secret mail", values = ApiCalls.ImapValues(password: ImapSecret) }));
        await Record(owner.PostJsonAsync("/api/admin/connectors/imap/accounts",
            new { label = "Other", values = new { host = "h", username = "u", password = ImapSecret + new string('x', 1100), extra = ImapSecret } }));
        await Record(owner.PostJsonAsync("/api/admin/connectors/confluence/accounts", new { label = "bad/label", values = ConnectorsApiTests.ConfluenceValues(token: ConfluenceSecret) }));

        // Every read, as a manager and as a viewer.
        foreach (var client in new[] { owner, viewer })
        {
            await Record(client.GetAsync("/api/admin/connectors", Ct));
            await Record(client.GetAsync("/api/admin/projects", Ct));
            foreach (var id in new[] { imap, wiki, refused })
            {
                await Record(client.GetAsync($"/api/admin/accounts/{id}", Ct));
                await Record(client.GetAsync($"/api/admin/accounts/{id}/runs", Ct));
            }
        }

        // Every action's answer.
        foreach (var id in new[] { imap, wiki })
        {
            await Record(owner.PostAsync($"/api/admin/accounts/{id}/test", null, Ct));
            await Record(owner.PostAsync($"/api/admin/accounts/{id}/sync", null, Ct));
            await Record(owner.PostAsync($"/api/admin/accounts/{id}/pause", null, Ct));
            await Record(owner.PostAsync($"/api/admin/accounts/{id}/resume", null, Ct));
            await Record(owner.PatchJsonAsync($"/api/admin/accounts/{id}", new { cadenceMinutes = 60 }));
        }

        await Record(owner.PostJsonAsync($"/api/admin/accounts/{refused}/reconnect", new { values = ConnectorsApiTests.ConfluenceValues(token: RefusedSecret) }));

        // The tokens page of a user who made all of the above.
        using var browser = await WebSession.StartAsync(app.Factory, Who.SuperAdmin);
        _bodies.Add(await browser.GetStringAsync("/account/manage/tokens", Ct));

        _bodies.Count.ShouldBeGreaterThan(30);
        foreach (var body in _bodies)
        {
            foreach (var secret in Secrets)
            {
                body.ShouldNotContain(secret, Case.Sensitive);
            }
        }

        var wikiAccount = await (await owner.GetAsync($"/api/admin/accounts/{wiki}", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        wikiAccount.GetProperty("status").GetString().ShouldBe("active", "the Confluence secret must really be in the vault for this test to mean something");
    }

    private async Task<Guid> Created(HttpClient client, string connector, object body)
    {
        var response = await client.PostJsonAsync($"/api/admin/connectors/{connector}/accounts", body);
        _bodies.Add(await response.Content.ReadAsStringAsync(Ct));
        return (await response.ShouldBeJsonAsync(HttpStatusCode.Created)).Id();
    }

    private async Task Record(Task<HttpResponseMessage> call)
    {
        var response = await call;
        ((int)response.StatusCode).ShouldBeLessThan(500);
        _bodies.Add(await response.Content.ReadAsStringAsync(Ct));
    }
}
