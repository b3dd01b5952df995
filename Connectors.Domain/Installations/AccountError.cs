using System.Text.Json;

namespace Connectors.Domain.Installations;

/// <summary>The last error shown on an account (stored as <c>ErrorJson</c>). Messages come from
/// connectors and services and never contain a secret.</summary>
public sealed record AccountError(string Message, string Kind, DateTime At)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static AccountError? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<AccountError>(json, Json);
        }
        catch (JsonException)
        {
            return new AccountError("The stored error could not be read.", "unknown", DateTime.MinValue);
        }
    }
}
