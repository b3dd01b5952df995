using System.Net;
using System.Text.RegularExpressions;
using Connectors.Tests.Api;

namespace Connectors.Tests.AccessTokens;

/// <summary>Driving the static tokens page like a browser: its forms posted with the page's antiforgery token.</summary>
public static partial class TokensPage
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The token shown once on the page answering a creation.</summary>
    public static string TokenIn(string html) => TokenValue().Match(html).Groups[1].Value;

    /// <summary>The id the Revoke button of a row posts.</summary>
    public static string RevokeIdIn(string row) => RevokeButton().Match(row).Groups[1].Value;

    /// <summary>Posts one of the tokens page's forms (with the page's antiforgery token) and returns the page.</summary>
    public static async Task<string> PostAsync(HttpClient browser, string handler, Dictionary<string, string> fields)
    {
        var page = await browser.GetStringAsync("/account/manage/tokens", Ct);
        fields["_handler"] = handler;
        fields["__RequestVerificationToken"] = Antiforgery().Match(page).Groups[1].Value;
        var response = await browser.PostAsync("/account/manage/tokens", new FormUrlEncodedContent(fields), Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return html;
    }

    public static string RowOf(string html, string name)
    {
        var start = html.IndexOf($"data-name=\"{name}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, $"no row for {name}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("data-testid=\"token-value\">(cka_[A-Za-z0-9_-]+)<")]
    private static partial Regex TokenValue();

    [GeneratedRegex("name=\"RevokeId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex RevokeButton();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
