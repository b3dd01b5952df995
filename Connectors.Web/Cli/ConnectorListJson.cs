using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;

namespace Connectors.Web.Cli;

/// <summary>The JSON shape of <c>connectors list --json</c>: camelCase, enums as kebab-case strings,
/// times as ISO 8601 UTC, absent values as null. Its own records, so a change to the domain summary
/// does not silently change what scripts parse. Built from the summary, which holds no secret.</summary>
internal sealed record ConnectorListJson(string Tenant, IReadOnlyList<ConnectorJson> Connectors)
{
    public static ConnectorListJson From(string tenant, IReadOnlyList<ConnectorSummary> summary) =>
        new(tenant, [.. summary.Select(c => new ConnectorJson(
            c.Key, c.DisplayName, AuthKind(c.AuthKind), c.IsConfigured, c.MissingConfiguration,
            [.. c.Accounts.Select(AccountJson.From)]))]);

    internal static string AuthKind(ConnectorAuthKind kind) => kind == ConnectorAuthKind.OAuth ? "oauth" : "credential";

    internal static string Kebab<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}

internal sealed record ConnectorJson(
    string Key, string DisplayName, string AuthKind, bool Configured, string? MissingConfiguration, IReadOnlyList<AccountJson> Accounts);

internal sealed record AccountJson(
    Guid Id,
    string Label,
    string Status,
    string? ProjectKey,
    string ResolvedProjectKey,
    bool InheritsProject,
    int CadenceMinutes,
    bool CadenceInherited,
    DateTime? LastSyncAt,
    DateTime? LastSuccessAt,
    DateTime? NextSyncAt,
    AccountErrorJson? Error,
    LastRunJson? LastRun,
    JsonObject Config)
{
    public static AccountJson From(AccountSummary a) => new(
        a.Id, a.Label, ConnectorListJson.Kebab(a.Status), a.ProjectKey, a.ResolvedProjectKey, a.InheritsProject,
        a.EffectiveCadenceMinutes, a.CadenceMinutes is null, a.LastSyncAt, a.LastSuccessAt, a.NextSyncAt,
        a.Error is { } e ? new AccountErrorJson(e.Message, e.Kind, e.At) : null,
        a.LastRun is { } r ? new LastRunJson(r.Id, ConnectorListJson.Kebab(r.Status), r.QueuedAt, r.FinishedAt, r.Added, r.Updated, r.ErrorMessage) : null,
        a.Config);
}

internal sealed record AccountErrorJson(string Message, string Kind, DateTime At);

internal sealed record LastRunJson(Guid Id, string Status, DateTime QueuedAt, DateTime? FinishedAt, int Added, int Updated, string? ErrorMessage);
