using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Web.Api;

/// <summary>The API's JSON: camelCase properties and enums as lowercase kebab-case words — the same values
/// the UI's <c>data-status</c> attributes use (<c>needs-reconnect</c>, <c>oauth</c>, <c>partially-succeeded</c>).</summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options) =>
        options.Converters.Add(new JsonStringEnumConverter(new KebabWords(), allowIntegerValues: false));

    /// <summary>Splits before an upper-case letter that follows a lower-case one or a digit, so acronyms stay
    /// whole: <c>NeedsReconnect</c> → <c>needs-reconnect</c>, <c>OAuth</c> → <c>oauth</c>.</summary>
    private sealed class KebabWords : JsonNamingPolicy
    {
        public override string ConvertName(string name)
        {
            var result = new StringBuilder(name.Length + 4);
            for (var i = 0; i < name.Length; i++)
            {
                if (i > 0 && char.IsUpper(name[i]) && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])))
                {
                    result.Append('-');
                }

                result.Append(char.ToLowerInvariant(name[i]));
            }

            return result.ToString();
        }
    }
}
