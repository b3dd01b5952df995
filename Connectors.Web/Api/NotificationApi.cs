using System.Text.Json;
using Connectors.Domain.Accounts;
using Connectors.Domain.Notifications;
using Connectors.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Connectors.Web.Api;

/// <summary><c>/api/admin/notifications</c>: channels (email, signed webhooks), alert rules, the delivery log and
/// a test event; <c>/api/admin/inbox</c>: the caller's in-app notifications; <c>POST /accounts/{id}/check</c>
/// runs a connection check now. Viewers read, super-admins change.</summary>
public static class NotificationApi
{
    public static RouteGroupBuilder MapNotificationApi(this RouteGroupBuilder api)
    {
        api.MapGet("/notifications/channels", async (NotificationSettings settings, CancellationToken ct) =>
                TypedResults.Ok(await settings.ListChannelsAsync(ct)))
            .WithName("ListNotificationChannels");
        api.MapPost("/notifications/channels", CreateChannelAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("CreateNotificationChannel")
            .WithSummary("An email channel { kind: email, name, recipients } or a webhook { kind: webhook, name, url }; a webhook's signing secret (whsec_…) is in this answer only.")
            .Accepts<ChannelRequest>("application/json")
            .Produces<CreatedChannel>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPost("/notifications/channels/{id:guid}/test", async (Guid id, NotificationSettings settings, CancellationToken ct) =>
                TypedResults.Ok(await settings.SendTestAsync(id, ct)))
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("TestNotificationChannel")
            .WithSummary("Sends a test event through the channel now; answers its delivery with the attempt.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/notifications/channels/{id:guid}/enable", async (Guid id, NotificationSettings settings, CancellationToken ct) =>
            {
                await settings.SetChannelEnabledAsync(id, true, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("EnableNotificationChannel");
        api.MapPost("/notifications/channels/{id:guid}/disable", async (Guid id, NotificationSettings settings, CancellationToken ct) =>
            {
                await settings.SetChannelEnabledAsync(id, false, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("DisableNotificationChannel");
        api.MapDelete("/notifications/channels/{id:guid}", async (Guid id, NotificationSettings settings, CancellationToken ct) =>
            {
                await settings.DeleteChannelAsync(id, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("DeleteNotificationChannel");
        api.MapGet("/notifications/rules", async (NotificationSettings settings, CancellationToken ct) =>
                TypedResults.Ok(await settings.ListRulesAsync(ct)))
            .WithName("ListAlertRules");
        api.MapPost("/notifications/rules", CreateRuleAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("CreateAlertRule")
            .WithSummary("{ name, events: [...], channelIds: [...], connectors?: [...], projects?: [...] } — empty filters match all.")
            .Accepts<RuleRequest>("application/json")
            .Produces<RuleView>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapDelete("/notifications/rules/{id:guid}", async (Guid id, NotificationSettings settings, CancellationToken ct) =>
            {
                await settings.DeleteRuleAsync(id, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("DeleteAlertRule");
        api.MapGet("/notifications/deliveries", async (HttpRequest request, NotificationSettings settings, CancellationToken ct) =>
                TypedResults.Ok(await settings.DeliveriesAsync(ApiQuery.Integer(request, "limit", 100), ct)))
            .WithName("ListNotificationDeliveries")
            .WithSummary("The delivery log, newest first (?limit 1–500, default 100), each with its attempts: status code, duration, outcome.");
        api.MapGet("/inbox", async (HttpRequest request, Inbox inbox, CancellationToken ct) =>
                TypedResults.Ok(new InboxResponse(await inbox.UnreadCountAsync(ct), await inbox.ListAsync(ApiQuery.Integer(request, "limit", 50), ct))))
            .WithName("ListInbox");
        api.MapPost("/inbox/{id:guid}/read", async (Guid id, Inbox inbox, CancellationToken ct) =>
            {
                await inbox.MarkReadAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("MarkInboxItemRead");
        api.MapPost("/inbox/read", async (Inbox inbox, CancellationToken ct) =>
            {
                await inbox.MarkAllReadAsync(ct);
                return TypedResults.NoContent();
            })
            .WithName("MarkInboxRead");
        api.MapPost("/accounts/{id:guid}/check", CheckAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("CheckAccount")
            .WithSummary("Runs a connection check now and records it; refused credentials move an Active account to NeedsReconnect.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Created<CreatedChannel>> CreateChannelAsync(HttpRequest request, NotificationSettings settings, CancellationToken ct)
    {
        var body = ChannelRequest.Read(await ApiJsonBody.ReadObjectAsync(request, ct));
        var created = await settings.CreateChannelAsync(new ChannelInput(body.Kind, body.Name, body.Recipients, body.Url), ct);
        return TypedResults.Created($"{ApiEndpoints.Prefix}/notifications/channels/{created.Id}", created);
    }

    private static async Task<Created<RuleView>> CreateRuleAsync(HttpRequest request, NotificationSettings settings, CancellationToken ct)
    {
        var body = RuleRequest.Read(await ApiJsonBody.ReadObjectAsync(request, ct));
        var id = await settings.CreateRuleAsync(new RuleInput(body.Name, body.Events, body.ChannelIds, body.Connectors, body.Projects), ct);
        var rule = (await settings.ListRulesAsync(ct)).Single(r => r.Id == id);
        return TypedResults.Created($"{ApiEndpoints.Prefix}/notifications/rules/{id}", rule);
    }

    private static async Task<Ok<ConnectionTestResponse>> CheckAsync(Guid id, AccountLifecycle lifecycle, AccountQueries accounts, CancellationToken ct)
    {
        var health = await lifecycle.TestConnectionAsync(id, ct);
        return TypedResults.Ok(new ConnectionTestResponse(health.State, health.Message, await accounts.GetAccountAsync(id, ct)));
    }
}

public sealed record InboxResponse(int Unread, IReadOnlyList<InboxItem> Items);

public sealed record ChannelRequest(string? Kind, string? Name, IReadOnlyList<string>? Recipients, string? Url)
{
    internal static ChannelRequest Read(JsonElement body)
    {
        var fields = new ApiBodyFields(body, "kind", "name", "recipients", "url");
        var request = new ChannelRequest(fields.Text("kind"), fields.Text("name"), fields.Texts("recipients"), fields.Text("url"));
        fields.ThrowIfInvalid();
        return request;
    }
}

public sealed record RuleRequest(
    string? Name, IReadOnlyList<string>? Events, IReadOnlyList<Guid>? ChannelIds, IReadOnlyList<string>? Connectors, IReadOnlyList<string>? Projects)
{
    internal static RuleRequest Read(JsonElement body)
    {
        var fields = new ApiBodyFields(body, "name", "events", "channelIds", "connectors", "projects");
        var channelIds = new List<Guid>();
        foreach (var value in fields.Texts("channelIds") ?? [])
        {
            if (Guid.TryParse(value, out var id))
            {
                channelIds.Add(id);
            }
            else
            {
                fields.Reject("channelIds", $"'{(value.Length > 40 ? value[..40] + "…" : value)}' is not a channel id.");
            }
        }

        var request = new RuleRequest(fields.Text("name"), fields.Texts("events"), channelIds, fields.Texts("connectors"), fields.Texts("projects"));
        fields.ThrowIfInvalid();
        return request;
    }
}
