using System.Text.Json;
using System.Text.RegularExpressions;

namespace Connectors.Domain.Http;

/// <summary>
/// The one piece of a provider's error answer the product keeps: a machine-readable error code such as
/// OAuth's <c>error</c> (<c>invalid_grant</c>), Google's <c>error.status</c> (<c>PERMISSION_DENIED</c>) or
/// Notion's and Confluence's <c>code</c> — and only when it has the strict shape of a code (letters,
/// digits, <c>_ . -</c>, at most 64). Free text (messages, descriptions, the echoed request) is never read.
/// </summary>
public static partial class ProviderErrorCode
{
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex Shape();

    /// <summary>The code if <paramref name="value"/> has a code's shape, else null.</summary>
    public static string? Accept(string? value) => value is not null && Shape().IsMatch(value) ? value : null;

    /// <summary>The error code in a JSON error body, or null.</summary>
    public static async Task<string?> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            using var doc = await JsonDocument.ParseAsync(body, cancellationToken: ct);
            return Find(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or IOException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Find(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("error", out var error))
        {
            if (error.ValueKind == JsonValueKind.String)
            {
                return Accept(error.GetString());
            }

            if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String)
            {
                return Accept(status.GetString());
            }
        }

        return root.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? Accept(code.GetString()) : null;
    }
}
