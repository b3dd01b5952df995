using System.Text.Json.Nodes;

namespace Connectors.Domain.Credentials;

/// <summary>Where an account's credentials come from, as the one resolver decides it.</summary>
public enum CredentialSource
{
    /// <summary>The account's own, entered for it alone.</summary>
    Account,

    /// <summary>A tenant credential the account references.</summary>
    Tenant,

    /// <summary>Neither: the account needs configuring before it can sign in.</summary>
    None,
}

/// <summary>
/// The one rule for every use of an account's credentials — connect, sync, test, preview, settings discovery — in both
/// places they are read: the account's config (<c>connection</c> fields, see <c>AccountStore.Describe</c>) and its
/// secrets (<c>CredentialVault.GetAsync</c>). The account's own value wins; else the tenant credential's it references;
/// else there is none. Nothing is cached: each use reads the credential afresh, so a rotation is seen at once.
/// </summary>
public static class CredentialResolution
{
    public const string ConnectionKey = "connection";

    /// <summary>The account's config with the credential's connection fields filled in under <c>connection</c> (the
    /// account's own fields win). The account's JSON is not changed.</summary>
    public static JsonObject Config(JsonObject accountConfig, string? credentialConnectionJson)
    {
        if (credentialConnectionJson is null || JsonNode.Parse(credentialConnectionJson) is not JsonObject shared || shared.Count == 0)
        {
            return accountConfig;
        }

        var config = (JsonObject)accountConfig.DeepClone();
        var connection = config[ConnectionKey] as JsonObject ?? [];
        foreach (var (name, value) in shared)
        {
            if (!connection.ContainsKey(name))
            {
                connection[name] = value?.DeepClone();
            }
        }

        config[ConnectionKey] = connection;
        return config;
    }

    /// <summary>The secrets an operation uses: the tenant credential's, with the account's own on top.</summary>
    public static IReadOnlyDictionary<string, string> Secrets(IReadOnlyDictionary<string, string> own, IReadOnlyDictionary<string, string>? tenant)
    {
        if (tenant is null || tenant.Count == 0)
        {
            return own;
        }

        var merged = new Dictionary<string, string>(tenant, StringComparer.Ordinal);
        foreach (var (name, value) in own)
        {
            merged[name] = value;
        }

        return merged;
    }

    /// <summary>The source an account's badge shows: a referenced credential; else its own secrets or tokens; else none.</summary>
    public static CredentialSource SourceOf(Guid? credentialId, bool hasOwnCredentials) =>
        credentialId is not null ? CredentialSource.Tenant : hasOwnCredentials ? CredentialSource.Account : CredentialSource.None;
}
