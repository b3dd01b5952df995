using System.Net;
using Connectors.Tests.Web;

namespace Connectors.Tests.Api;

/// <summary>Bodies that are not JSON, not an object, or carry the wrong types: 400 or 422 with a clear
/// message, never a 500 and never a stack trace — and nothing is created.</summary>
public sealed class MalformedInputApiTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Unreadable() =>
    [
        "",
        "{",
        "not json",
        "{'label': 'single quotes'}",
        "{\"label\": \"a\",}",
        "{\"label\": \"a\", \"label\": \"b\"}",
        "{\"label\": \"\\ud800\"}",
        "{\"values\": {\"\\udc00host\": \"x\"}}",
        "{\"label\": \"x\"} trailing",
        new string('[', 100) + new string(']', 100),
    ];

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task CreateAccount_UnreadableBody_Returns400NamingNoContent(string raw)
    {
        using var owner = app.Client(Who.SuperAdmin);

        var response = await owner.SendRawAsync(HttpMethod.Post, "/api/admin/connectors/imap/accounts", raw);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("title").GetString().ShouldBe("The request body could not be read.");
        await ShouldHaveNoAccountAsync(owner);
    }

    [Fact]
    public async Task CreateAccount_InvalidUtf8Bytes_Returns400()
    {
        using var owner = app.Client(Who.SuperAdmin);
        using var content = new ByteArrayContent([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        content.Headers.ContentType = new("application/json");

        var response = await owner.PostAsync("/api/admin/connectors/imap/accounts", content, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("[]", "body")]
    [InlineData("42", "body")]
    [InlineData("\"text\"", "body")]
    [InlineData("{\"label\": 7, \"values\": {}}", "label")]
    [InlineData("{\"label\": {\"a\": 1}}", "label")]
    [InlineData("{\"projectKey\": [\"default\"]}", "projectKey")]
    [InlineData("{\"values\": [\"host\"]}", "values")]
    [InlineData("{\"values\": \"host=x\"}", "values")]
    [InlineData("{\"Values\": {}}", "Values")]
    [InlineData("{\"values\": {\"host\": {\"nested\": true}, \"username\": \"u\", \"password\": \"p\"}}", "host")]
    [InlineData("{\"values\": {\"host\": \"h\", \"username\": [\"u\"], \"password\": \"p\"}}", "username")]
    [InlineData("{\"values\": {\"host\": \"h\", \"username\": \"u\", \"password\": \"p\", \"port\": true}}", "port")]
    [InlineData("{\"values\": {\"host\": \"h\", \"username\": \"u\", \"password\": \"p\", \"validate_cert\": \"perhaps\"}}", "validate_cert")]
    public async Task CreateAccount_WrongShapeOrTypes_Returns422NamingTheField(string raw, string field)
    {
        using var owner = app.Client(Who.SuperAdmin);

        var response = await owner.SendRawAsync(HttpMethod.Post, "/api/admin/connectors/imap/accounts", raw);

        (await response.ShouldBeFieldErrorsAsync()).Keys.ShouldContain(field);
        await ShouldHaveNoAccountAsync(owner);
    }

    [Fact]
    public async Task CreateAccount_NotJsonContentType_Returns415()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var response = await owner.SendRawAsync(HttpMethod.Post, "/api/admin/connectors/imap/accounts", "label=x", "application/x-www-form-urlencoded");

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("PATCH", "/api/admin/accounts/{id}", "{\"label\": ")]
    [InlineData("PATCH", "/api/admin/accounts/{id}", "[1]")]
    [InlineData("POST", "/api/admin/connectors/google-drive/oauth", "{\"label\": [1]}")]
    [InlineData("POST", "/api/admin/projects", "{\"key\": 5, \"name\": false}")]
    [InlineData("POST", "/api/admin/projects", "nonsense")]
    public async Task OtherOperations_MalformedBodies_Return400Or422(string method, string template, string raw)
    {
        using var owner = app.Client(Who.SuperAdmin);
        var url = template.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal);

        var response = await owner.SendRawAsync(new HttpMethod(method), url, raw);

        response.StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.UnprocessableEntity);
        await response.ShouldBeProblemAsync(response.StatusCode);
    }

    [Fact]
    public async Task RouteWithABadId_Returns404Problem()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var response = await owner.GetAsync("/api/admin/accounts/not-a-guid", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>Every test here uses labels nobody creates: the tenant must still have no IMAP account.</summary>
    private static async Task ShouldHaveNoAccountAsync(HttpClient client)
    {
        var connectors = await (await client.GetAsync("/api/admin/connectors", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        connectors.EnumerateArray().Single(c => c.GetProperty("key").GetString() == "imap").GetProperty("accounts").GetArrayLength().ShouldBe(0);
    }
}
