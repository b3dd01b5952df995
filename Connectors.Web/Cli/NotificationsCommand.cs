using System.Globalization;
using Connectors.Domain.Accounts;
using Connectors.Domain.Notifications;

namespace Connectors.Web.Cli;

/// <summary>
/// <c>notifications channels|rules|deliveries --tenant SLUG</c> lists; <c>notifications add-email --tenant SLUG --name N
/// --to ADDRESS ...</c>, <c>notifications add-webhook --tenant SLUG --name N --url URL</c> (prints the signing secret,
/// this once), <c>notifications add-rule --tenant SLUG --name N --event E ... --channel ID ... [--connector K ...]
/// [--project P ...]</c>, <c>notifications test --tenant SLUG --channel ID</c>. The same services as the page and the API.
/// </summary>
internal sealed class NotificationsCommand(IServiceProvider services, TextWriter stdout)
{
    public static readonly string[] Verbs =
    [
        "notifications channels", "notifications rules", "notifications deliveries", "notifications add-email",
        "notifications add-webhook", "notifications add-rule", "notifications test",
    ];

    public async Task RunAsync(string verb, CliArguments args, CancellationToken ct)
    {
        var slug = args.Required("tenant");
        switch (verb)
        {
            case "notifications channels":
                args.EnsureAllUsed();
                await CliCommands.UseTenantAsync(services, slug, ct);
                foreach (var c in await Settings.ListChannelsAsync(ct))
                {
                    var target = c.Kind == "email" ? string.Join(", ", c.Recipients) : c.Url;
                    await stdout.WriteLineAsync($"{c.Id}  {c.Kind,-7} {(c.Enabled ? "enabled " : "disabled")} {c.Name} -> {target}{(c.DisabledReason is null ? "" : " (" + c.DisabledReason + ")")}");
                }

                break;
            case "notifications rules":
                args.EnsureAllUsed();
                await CliCommands.UseTenantAsync(services, slug, ct);
                foreach (var r in await Settings.ListRulesAsync(ct))
                {
                    await stdout.WriteLineAsync($"{r.Id}  {r.Name}: {string.Join(",", r.Events)} -> {r.ChannelIds.Count} channel(s)"
                        + (r.Connectors.Count > 0 ? $" connectors {string.Join(",", r.Connectors)}" : "")
                        + (r.Projects.Count > 0 ? $" projects {string.Join(",", r.Projects)}" : ""));
                }

                break;
            case "notifications deliveries":
                args.EnsureAllUsed();
                await CliCommands.UseTenantAsync(services, slug, ct);
                foreach (var d in await Settings.DeliveriesAsync(100, ct))
                {
                    await WriteDeliveryAsync(d);
                }

                break;
            case "notifications add-email":
            {
                var input = new ChannelInput("email", args.Required("name"), args.Many("to"), null);
                args.EnsureAllUsed();
                await CliCommands.UseTenantAsync(services, slug, ct);
                var created = await Settings.CreateChannelAsync(input, ct);
                await stdout.WriteLineAsync($"Created email channel {created.Id}.");
                break;
            }

            case "notifications add-webhook":
            {
                var input = new ChannelInput("webhook", args.Required("name"), null, args.Required("url"));
                args.EnsureAllUsed();
                await CliCommands.UseTenantAsync(services, slug, ct);
                var created = await Settings.CreateChannelAsync(input, ct);
                await stdout.WriteLineAsync($"Created webhook channel {created.Id}.");
                await stdout.WriteLineAsync($"Signing secret (shown this once; verify webhook-signature with it): {created.Secret}");
                break;
            }

            case "notifications add-rule":
            {
                var input = new RuleInput(args.Required("name"), args.Many("event"), args.ManyIds("channel"),
                    args.Many("connector"), args.Many("project"));
                args.EnsureAllUsed();
                await CliCommands.UseTenantAsync(services, slug, ct);
                var id = await Settings.CreateRuleAsync(input, ct);
                await stdout.WriteLineAsync($"Created rule {id}.");
                break;
            }

            case "notifications test":
            {
                var channel = args.RequiredId("channel");
                args.EnsureAllUsed();
                await CliCommands.UseTenantAsync(services, slug, ct);
                var delivery = await Settings.SendTestAsync(channel, ct);
                await WriteDeliveryAsync(delivery);
                if (delivery.Status != "delivered")
                {
                    throw new CliFailureException($"The test event was not delivered: {delivery.LastOutcome}");
                }

                break;
            }
        }
    }

    private NotificationSettings Settings => services.GetRequiredService<NotificationSettings>();

    private async Task WriteDeliveryAsync(DeliveryView d) =>
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{d.CreatedAt:u}  {d.Status,-9} {d.EventKind,-24} {d.ChannelName} ({d.ChannelKind}) attempts {d.Attempts}"
            + $"{(d.LastStatusCode is { } code ? $" HTTP {code}" : "")}{(d.LastDurationMs is { } ms ? $" {ms} ms" : "")} - {d.LastOutcome}"));
}
