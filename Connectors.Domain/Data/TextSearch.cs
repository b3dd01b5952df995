namespace Connectors.Domain.Data;

/// <summary>Case-insensitive "contains" that reads the same on both providers: the column is
/// lower-cased in SQL and compared with <c>LIKE</c> against an escaped, lower-cased pattern
/// (so a user's <c>%</c> or <c>_</c> matches itself).</summary>
internal static class TextSearch
{
    public const string Escape = "\\";

    public static string ContainsPattern(string text)
    {
        var lowered = text.Trim().ToLowerInvariant()
            .Replace(Escape, Escape + Escape, StringComparison.Ordinal)
            .Replace("%", Escape + "%", StringComparison.Ordinal)
            .Replace("_", Escape + "_", StringComparison.Ordinal)
            .Replace("[", Escape + "[", StringComparison.Ordinal);
        return $"%{lowered}%";
    }
}
