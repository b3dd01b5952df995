using System.Text.Json;
using Connectors.Domain.Accounts;
using Connectors.Domain.Errors;
using Connectors.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Connectors.Web.Api;

/// <summary><c>POST /api/admin/accounts/bulk</c>: one action on many accounts, named by id or by the accounts
/// table's filter, first as a dry run if asked.</summary>
public static class BulkApi
{
    public static RouteGroupBuilder MapBulkApi(this RouteGroupBuilder api)
    {
        api.MapPost("/accounts/bulk", RunAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("BulkAccountAction")
            .WithSummary("Runs sync, pause, resume, move, cadence or delete on the accounts named by accountIds, or on every account " +
                "matching filter (q, status, connector, project, stale), at most 5,000. dryRun=true answers what would happen to each " +
                "(will-apply or skipped, with the reason) and changes nothing; otherwise each account answers applied, skipped or failed.")
            .Accepts<BulkActionRequest>("application/json")
            .Produces<BulkResult>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<Ok<BulkResult>> RunAsync(HttpRequest request, AccountBulk bulk, CancellationToken ct) =>
        TypedResults.Ok(await bulk.RunAsync(BulkActionRequest.Read(await ApiJsonBody.ReadObjectAsync(request, ct)), ct));
}

/// <summary>
/// A bulk request. <c>action</c>: sync, pause, resume, move, cadence or delete. The accounts: <c>accountIds</c>
/// (ids of the tenant's accounts) or <c>filter</c> (the accounts table's q, status[], connector, project, stale).
/// <c>dryRun</c> (default false). <c>projectKey</c> for move ("" or null: the tenant default), <c>cadenceMinutes</c>
/// for cadence (null inherits), <c>deleteDocuments</c> for delete (default false: documents are kept, unlinked).
/// </summary>
public sealed record BulkActionRequest(
    string Action, IReadOnlyList<Guid>? AccountIds, BulkFilterRequest? Filter, bool? DryRun, string? ProjectKey, int? CadenceMinutes, bool? DeleteDocuments)
{
    private static readonly string[] Actions = ["sync", "pause", "resume", "move", "cadence", "delete"];

    internal static BulkRequest Read(JsonElement body)
    {
        var fields = new ApiBodyFields(body, "action", "accountIds", "filter", "dryRun", "projectKey", "cadenceMinutes", "deleteDocuments");
        var actionText = fields.Text("action");
        BulkAction? action = null;
        if (actionText is null)
        {
            fields.Reject("action", $"action is required: one of {string.Join(", ", Actions)}.");
        }
        else if (Array.IndexOf(Actions, actionText) is var index and >= 0)
        {
            action = (BulkAction)index;
        }
        else
        {
            fields.Reject("action", $"action must be one of {string.Join(", ", Actions)}.");
        }

        var ids = ReadIds(fields);
        var filter = fields.Object("filter") is { } filterBody ? BulkFilterRequest.Read(filterBody, fields) : null;
        if (action == BulkAction.Move && !fields.Has("projectKey"))
        {
            fields.Reject("projectKey", "projectKey is required to move accounts (\"\" moves them to the tenant's default project).");
        }

        if (action == BulkAction.Cadence && !fields.Has("cadenceMinutes"))
        {
            fields.Reject("cadenceMinutes", "cadenceMinutes is required to set the cadence (null inherits).");
        }

        var request = new BulkRequest
        {
            Action = action ?? BulkAction.Sync,
            AccountIds = ids,
            Filter = filter,
            DryRun = fields.Flag("dryRun") ?? false,
            ProjectKey = fields.Text("projectKey"),
            CadenceMinutes = fields.Integer("cadenceMinutes"),
            DeleteDocuments = fields.Flag("deleteDocuments") ?? false,
        };
        fields.ThrowIfInvalid();
        return request;
    }

    private static List<Guid>? ReadIds(ApiBodyFields fields)
    {
        if (fields.Texts("accountIds") is not { } texts)
        {
            return null;
        }

        var ids = new List<Guid>(texts.Count);
        foreach (var text in texts)
        {
            if (!Guid.TryParse(text, out var id))
            {
                fields.Reject("accountIds", $"accountIds must hold account ids; '{(text.Length > 40 ? text[..40] + "…" : text)}' is not one.");
                return null;
            }

            ids.Add(id);
        }

        return ids;
    }
}

/// <summary>The accounts table's filter in a bulk request: the same meanings as <c>GET /api/admin/accounts</c>.</summary>
public sealed record BulkFilterRequest(string? Q, IReadOnlyList<string>? Status, string? Connector, string? Project, bool? Stale)
{
    internal static AccountTableQuery? Read(JsonElement body, ApiBodyFields outer)
    {
        var fields = new ApiBodyFields(body, "q", "status", "connector", "project", "stale");
        var values = new Dictionary<string, IReadOnlyList<string>>
        {
            ["q"] = One(fields.Text("q")),
            ["status"] = fields.Texts("status") ?? [],
            ["connector"] = One(fields.Text("connector")),
            ["project"] = One(fields.Text("project")),
            ["stale"] = fields.Flag("stale") is true ? ["true"] : [],
        };
        try
        {
            fields.ThrowIfInvalid();
            return AccountTableQuery.Parse(name => values.GetValueOrDefault(name) ?? []);
        }
        catch (ValidationFailedException e)
        {
            foreach (var (name, message) in e.Errors)
            {
                outer.Reject($"filter.{name}", message);
            }

            return null;
        }
    }

    private static IReadOnlyList<string> One(string? value) => value is null ? [] : [value];
}
