using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Connectors.Domain.Events;

namespace Connectors.Domain.Notifications;

/// <summary>What an event says in a notification — the same fields in an email, a webhook and the inbox: the tenant,
/// connector, account id and label, project, category, the product's message, the time, and a link to the account
/// page. Built from the event row only, which holds no secret, config value or remote text.</summary>
public sealed record NotificationContent(
    string Type, string Title, string TenantSlug, string TenantName, string? Connector, Guid? AccountId, string? AccountLabel,
    string? Project, string? Category, string Message, DateTime OccurredAt, Uri Link)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static NotificationContent From(AccountEvent e, string tenantSlug, string tenantName, Uri publicBaseUrl) => new(
        e.Kind,
        AccountEventKinds.Title(e.Kind),
        tenantSlug,
        tenantName,
        e.ConnectorKey,
        e.InstallationId,
        e.AccountLabel,
        e.ProjectKey,
        e.Category,
        e.Message,
        DateTime.SpecifyKind(e.OccurredAt, DateTimeKind.Utc),
        e.InstallationId is { } id ? new Uri(publicBaseUrl, $"/admin/connectors/accounts/{id}") : new Uri(publicBaseUrl, "/admin/notifications"));

    /// <summary>"[acme] Needs reconnect: support@ (imap)".</summary>
    public string Subject => AccountLabel is null
        ? $"[{TenantSlug}] {Title}"
        : $"[{TenantSlug}] {Title}: {AccountLabel} ({Connector})";

    public string Text
    {
        get
        {
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"{Title}");
            text.AppendLine();
            text.AppendLine(Message);
            text.AppendLine();
            foreach (var (name, value) in Facts)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{name}: {value}");
            }

            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Open the account: {Link}");
            return text.ToString();
        }
    }

    public string Html
    {
        get
        {
            var html = new StringBuilder();
            html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"en\"><body style=\"font-family:sans-serif\"><h1 style=\"font-size:1.2em\">{Encode(Title)}</h1>");
            html.Append(CultureInfo.InvariantCulture, $"<p>{Encode(Message)}</p><table>");
            foreach (var (name, value) in Facts)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><th style=\"text-align:left;padding-right:1em\">{Encode(name)}</th><td>{Encode(value)}</td></tr>");
            }

            html.Append(CultureInfo.InvariantCulture, $"</table><p><a href=\"{Encode(Link.ToString())}\">Open the account</a></p></body></html>");
            return html.ToString();
        }
    }

    /// <summary>The webhook body: the Standard Webhooks shape <c>{ type, timestamp, data }</c>.</summary>
    public string WebhookJson(DateTime sentAt) => JsonSerializer.Serialize(new
    {
        type = Type,
        timestamp = DateTime.SpecifyKind(sentAt, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture),
        data = new
        {
            tenant = TenantSlug,
            connector = Connector,
            accountId = AccountId,
            accountLabel = AccountLabel,
            project = Project,
            category = Category,
            message = Message,
            occurredAt = OccurredAt.ToString("O", CultureInfo.InvariantCulture),
            link = Link.ToString(),
        },
    }, Json);

    private IEnumerable<(string Name, string Value)> Facts
    {
        get
        {
            yield return ("Tenant", $"{TenantName} ({TenantSlug})");
            if (AccountLabel is not null)
            {
                yield return ("Account", $"{AccountLabel} ({AccountId})");
                yield return ("Connector", Connector ?? "");
                yield return ("Project", Project ?? "");
            }

            if (Category is not null)
            {
                yield return ("Category", Category);
            }

            yield return ("Event", Type);
            yield return ("When", OccurredAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        }
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
