using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Connectors.Tests.Api;

/// <summary>Calling the admin API and reading its answers in tests.</summary>
public static class ApiCalls
{
    public const string ImapPassword = "Imap-S3cret-Pa55word-For-Api-Tests";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsync(url, JsonContent.Create(body), Ct);

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body) =>
        client.PatchAsync(url, JsonContent.Create(body), Ct);

    /// <summary>Sends <paramref name="raw"/> as the body, byte for byte as UTF-8.</summary>
    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string url, string raw, string contentType = "application/json") =>
        client.SendAsync(new HttpRequestMessage(method, url) { Content = new StringContent(raw, Encoding.UTF8, contentType) }, Ct);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();

    /// <summary>Asserts the status and returns the body as JSON.</summary>
    public static async Task<JsonElement> ShouldBeJsonAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(status, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 7807 answer with <paramref name="status"/> and no stack trace, and returns it.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        body.ShouldNotContain("   at ", Case.Sensitive, "a stack trace leaked");
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        return problem;
    }

    /// <summary>The field errors of a 422 problem.</summary>
    public static async Task<Dictionary<string, string>> ShouldBeFieldErrorsAsync(this HttpResponseMessage response)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        return problem.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => string.Join(" ", p.Value.EnumerateArray().Select(m => m.GetString())));
    }

    public static object ImapValues(string host = "imap.example.com", string username = "support@acme.test", string password = ImapPassword) =>
        new Dictionary<string, object?> { ["host"] = host, ["username"] = username, ["password"] = password };

    /// <summary>Creates an IMAP account through the API and returns it (201 expected).</summary>
    public static async Task<JsonElement> CreateImapAsync(this HttpClient client, string label, string host = "imap.example.com", string? projectKey = null)
    {
        var response = await client.PostJsonAsync("/api/admin/connectors/imap/accounts", new { label, projectKey, values = ImapValues(host) });
        return await response.ShouldBeJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>Creates an IMAP tenant credential through the API (the app's IMAP runs on the fake ping) and returns its id.</summary>
    public static async Task<Guid> CreateImapCredentialAsync(this HttpClient client, string name, string password = ImapPassword)
    {
        var response = await client.PostJsonAsync("/api/admin/credentials",
            new { connector = "imap", name, values = new Dictionary<string, object?> { ["host"] = "imap.example.com", ["username"] = "shared@acme.test", ["password"] = password } });
        return (await response.ShouldBeJsonAsync(HttpStatusCode.Created)).Id();
    }

    public static Guid Id(this JsonElement account) => account.GetProperty("id").GetGuid();

    public static string? Text(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : null;
}
