using Connectors.Domain.Errors;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Connectors.Web.Api;

/// <summary>
/// Reads a request body as one JSON object, strictly: anything that is not JSON (or is not UTF-8, repeats a
/// property, nests deeper than 32, or escapes a lone UTF-16 surrogate) is a 400 naming the position, never
/// the content — the body may carry a secret. The API binds bodies itself instead of through minimal-API
/// binding so that every wrong type gets a 422 naming its field rather than a generic 400 or an exception.
/// </summary>
public static class ApiJsonBody
{
    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = 32,
        AllowDuplicateProperties = false,
    };

    private const string InvalidText = "The body contains a \\u escape that is not valid UTF-16 (a lone surrogate).";

    public static async Task<JsonElement> ReadObjectAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentType is { Length: > 0 } contentType
            && (!MediaTypeHeaderValue.TryParse(contentType, out var media)
                || !(media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))))
        {
            throw new ApiRequestException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.",
                detail: "Send the body as application/json.");
        }

        JsonElement root;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, Options, ct);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw ApiRequestException.Unreadable(e.LineNumber is null
                ? "The body is not valid JSON; send a JSON object."
                : $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}); send a JSON object.");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // Comparing property names for duplicates unescapes them: a lone surrogate fails there already.
            throw ApiRequestException.Unreadable(InvalidText);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationFailedException("body", "The request body must be a JSON object.");
        }

        EnsureValidText(root);
        return root;
    }

    /// <summary>JSON may escape a lone surrogate (<c>"\ud800"</c>), which is not text: refuse it up front
    /// rather than let a string read fail deep inside a service.</summary>
    private static void EnsureValidText(JsonElement element)
    {
        try
        {
            Walk(element);
        }
        catch (InvalidOperationException)
        {
            throw ApiRequestException.Unreadable(InvalidText);
        }

        static void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in e.EnumerateObject())
                    {
                        _ = property.Name;
                        Walk(property.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        Walk(item);
                    }

                    break;
                case JsonValueKind.String:
                    _ = e.GetString();
                    break;
            }
        }
    }
}
