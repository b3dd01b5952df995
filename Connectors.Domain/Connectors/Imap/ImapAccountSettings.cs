using System.Text.Json.Nodes;

namespace Connectors.Domain.Connectors.Imap;

public enum ImapEncryption
{
    Ssl,
    Tls,
    StartTls,
    None,
}

/// <summary>An account's IMAP configuration read from its config JSON (never a secret).</summary>
public sealed record ImapAccountSettings(
    string AuthMode,
    string? Provider,
    string Host,
    int Port,
    ImapEncryption Encryption,
    bool ValidateCertificate,
    string Username,
    IReadOnlyList<string> IncludeFolders,
    IReadOnlyList<string> ExcludeFolders,
    int DateWindowDays,
    IReadOnlyList<string> ExcludeSenders)
{
    public static readonly string[] DefaultExcludedFolders = ["Trash", "Spam", "Junk", "[Gmail]/Spam", "[Gmail]/Trash"];

    public bool IsXOAuth2 => AuthMode == ImapForms.XOAuth2;

    public static ImapAccountSettings From(JsonObject config)
    {
        var connection = config["connection"] as JsonObject ?? [];
        return new ImapAccountSettings(
            Text(config, ImapForms.AuthMode) ?? ImapForms.Basic,
            Text(config, ImapForms.Provider),
            Text(connection, "host") ?? "",
            (int)(Number(connection, "port") ?? 993),
            Text(connection, "encryption") switch
            {
                "tls" => ImapEncryption.Tls,
                "starttls" => ImapEncryption.StartTls,
                "none" => ImapEncryption.None,
                _ => ImapEncryption.Ssl,
            },
            connection["validate_cert"] is JsonValue v && v.TryGetValue<bool>(out var validate) ? validate : true,
            Text(connection, "username") ?? "",
            List(config, "folders.include") ?? [],
            List(config, "folders.exclude") ?? DefaultExcludedFolders,
            (int)(Number(config, "date_window_days") ?? 365),
            List(config, "senders.exclude") ?? []);
    }

    /// <summary>Include wins when non-empty; otherwise every folder that is not excluded.</summary>
    public bool Syncs(string folder) => IncludeFolders.Count > 0
        ? IncludeFolders.Contains(folder, StringComparer.OrdinalIgnoreCase)
        : !ExcludeFolders.Contains(folder, StringComparer.OrdinalIgnoreCase);

    private static string? Text(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;

    private static double? Number(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    private static string[]? List(JsonObject o, string key) =>
        o[key] is JsonArray a ? [.. a.Select(x => x?.GetValue<string>()).OfType<string>()] : null;
}
