using System.Net;
using Connectors.Tests.Web;

namespace Connectors.Tests.Api;

/// <summary><c>/api/admin/credentials</c> in the real app (IMAP on the fake ping): secrets go in and never come out; accounts
/// are created on a credential and switched between it and their own; a credential in use is not deleted (409 naming the
/// accounts); bad input names the field.</summary>
public sealed class CredentialApiTests(ApiApp app) : IClassFixture<ApiApp>
{
    private const string SharedPassword = "Shared-Mailbox-S3cret-0c7d";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Credential_CreatedListedAndUsedByAnAccount_NeverShowsItsSecret_AndIsNotDeletedWhileInUse()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var credential = await owner.CreateImapCredentialAsync($"Shared {Guid.NewGuid():N}"[..20], SharedPassword);

        var created = await owner.PostJsonAsync("/api/admin/connectors/imap/accounts",
            new { label = $"On shared {Guid.NewGuid():N}"[..24], credentialId = credential, values = new { } });
        var account = await created.ShouldBeJsonAsync(HttpStatusCode.Created);
        var listed = await (await owner.GetAsync("/api/admin/credentials", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        var one = await (await owner.GetAsync($"/api/admin/credentials/{credential}", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        var refused = await owner.DeleteAsync($"/api/admin/credentials/{credential}", Ct);

        account.GetProperty("status").GetString().ShouldBe("active");
        account.GetProperty("credentialSource").GetString().ShouldBe("Tenant");
        account.GetProperty("credentialId").GetGuid().ShouldBe(credential);
        account.GetProperty("config").ToString().ShouldNotContain("shared@acme.test");
        one.GetProperty("usedBy").EnumerateArray().Single().GetProperty("accountId").GetGuid().ShouldBe(account.Id());
        one.GetProperty("connection").GetProperty("username").GetString().ShouldBe("shared@acme.test");
        foreach (var body in new[] { account.GetRawText(), listed.GetRawText(), one.GetRawText() })
        {
            body.ShouldNotContain(SharedPassword);
        }

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString()!.ShouldContain(account.GetProperty("label").GetString()!);
        problem.GetProperty("usedBy").EnumerateArray().Single().GetString().ShouldBe(account.GetProperty("label").GetString());
    }

    [Fact]
    public async Task Switch_AnAccountOntoACredentialAndBack_ThenTheCredentialCanGo()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var account = (await owner.CreateImapAsync($"Switch {Guid.NewGuid():N}"[..20])).Id();
        var credential = await owner.CreateImapCredentialAsync($"Switch {Guid.NewGuid():N}"[..20], SharedPassword);

        var onShared = await (await owner.SendAsync(Put($"/api/admin/accounts/{account}/credentials", new { credentialId = credential }), Ct))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        var own = await (await owner.SendAsync(Put($"/api/admin/accounts/{account}/credentials", new
        {
            credentialId = (Guid?)null,
            values = new Dictionary<string, object?> { ["host"] = "imap.example.com", ["username"] = "own@acme.test", ["password"] = "Own-Passw0rd-1" },
        }), Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        var deleted = await owner.DeleteAsync($"/api/admin/credentials/{credential}", Ct);

        onShared.GetProperty("credentialSource").GetString().ShouldBe("Tenant");
        own.GetProperty("credentialSource").GetString().ShouldBe("Account");
        own.GetProperty("config").ToString().ShouldContain("own@acme.test");
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task BadInput_NamesTheField_NeverA500()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var noConnector = await owner.PostJsonAsync("/api/admin/credentials", new { name = "X", values = new { } });
        var notShareable = await owner.PostJsonAsync("/api/admin/credentials", new { connector = "google-drive", name = "X", values = new { } });
        var missing = await owner.PostJsonAsync("/api/admin/credentials", new { connector = "imap", name = "", values = new { host = "imap.example.com" } });
        var refused = await owner.PostJsonAsync("/api/admin/credentials", new { connector = "imap", name = "Refused",
            values = new Dictionary<string, object?> { ["host"] = "fail.acme.test", ["username"] = "x@acme.test", ["password"] = "Wrong-Passw0rd" } });
        var badId = await owner.PostJsonAsync("/api/admin/connectors/imap/accounts", new { label = "Bad id", credentialId = "not-a-guid", values = new { } });
        var unknownAccount = await owner.SendAsync(Put($"/api/admin/accounts/{Guid.NewGuid()}/credentials", new { credentialId = Guid.NewGuid() }), Ct);

        (await noConnector.ShouldBeFieldErrorsAsync()).Keys.ShouldBe(["connector"]);
        (await notShareable.ShouldBeFieldErrorsAsync()).Keys.ShouldBe(["connector"]);
        (await missing.ShouldBeFieldErrorsAsync()).Keys.ShouldBe(["name", "username", "password"], ignoreOrder: true);
        (await refused.ShouldBeFieldErrorsAsync())["values"].ShouldContain("refused");
        (await badId.ShouldBeFieldErrorsAsync()).Keys.ShouldBe(["credentialId"]);
        await unknownAccount.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private static HttpRequestMessage Put(string url, object body) =>
        new(HttpMethod.Put, url) { Content = System.Net.Http.Json.JsonContent.Create(body) };
}
