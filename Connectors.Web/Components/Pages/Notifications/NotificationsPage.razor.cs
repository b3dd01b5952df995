using Connectors.Domain.Errors;
using Connectors.Domain.Events;
using Connectors.Domain.Notifications;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Pages.Notifications;

/// <summary>The tenant's notification channels, alert rules and delivery log. Everyone who may view connectors
/// reads it; super-admins add, test, disable and delete.</summary>
public sealed partial class NotificationsPage
{
    private IReadOnlyList<ChannelView>? _channels;
    private IReadOnlyList<RuleView>? _rules;
    private IReadOnlyList<DeliveryView>? _deliveries;
    private bool _busy;

    [Inject]
    private NotificationSettings Settings { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _channels = await Settings.ListChannelsAsync(CancellationToken.None);
        _rules = await Settings.ListRulesAsync(CancellationToken.None);
        _deliveries = await Settings.DeliveriesAsync(50, CancellationToken.None);
    }

    private async Task AddChannelAsync()
    {
        var dialog = await Dialogs.ShowAsync<ChannelDialog>("Add channel", new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false })
        {
            await LoadAsync();
        }
    }

    private async Task AddRuleAsync()
    {
        var dialog = await Dialogs.ShowAsync<RuleDialog>("Add rule",
            new DialogParameters<RuleDialog> { { d => d.Channels, _channels ?? [] } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Rule added.", Severity.Success);
            await LoadAsync();
        }
    }

    private Task TestAsync(ChannelView channel) => RunAsync(async () =>
    {
        var delivery = await Settings.SendTestAsync(channel.Id, CancellationToken.None);
        if (delivery.Status == "delivered")
        {
            Snackbar.Add($"Test event delivered to “{channel.Name}”: {delivery.LastOutcome}", Severity.Success);
        }
        else
        {
            Snackbar.Add($"The test event to “{channel.Name}” failed: {delivery.LastOutcome}", Severity.Error);
        }
    });

    private Task SetEnabledAsync(ChannelView channel, bool enabled) => RunAsync(async () =>
    {
        await Settings.SetChannelEnabledAsync(channel.Id, enabled, CancellationToken.None);
        Snackbar.Add($"“{channel.Name}” {(enabled ? "enabled" : "disabled")}.", Severity.Success);
    });

    private async Task DeleteChannelAsync(ChannelView channel)
    {
        if (await ConfirmAsync($"Delete “{channel.Name}”?", "Its delivery log goes with it, and rules stop sending to it.") != true)
        {
            return;
        }

        await RunAsync(async () =>
        {
            await Settings.DeleteChannelAsync(channel.Id, CancellationToken.None);
            Snackbar.Add($"“{channel.Name}” deleted.", Severity.Success);
        });
    }

    private async Task DeleteRuleAsync(RuleView rule)
    {
        if (await ConfirmAsync($"Delete the rule “{rule.Name}”?", "Its events then reach only the bell (and other rules).") != true)
        {
            return;
        }

        await RunAsync(async () =>
        {
            await Settings.DeleteRuleAsync(rule.Id, CancellationToken.None);
            Snackbar.Add($"Rule “{rule.Name}” deleted.", Severity.Success);
        });
    }

    private Task<bool?> ConfirmAsync(string title, string message) => Dialogs.ShowMessageBoxAsync(new MessageBoxOptions
    {
        Title = title,
        Message = message,
        YesText = "Delete",
        CancelText = "Cancel",
    });

    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        try
        {
            await action();
            await LoadAsync();
        }
        catch (Exception e) when (e is ValidationFailedException or NotFoundException or AccessDeniedException)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    private string ChannelName(Guid id) => _channels?.FirstOrDefault(c => c.Id == id)?.Name ?? "(deleted)";

    private static string EventTitle(string kind) => AccountEventKinds.Title(kind);

    private static string Scope(RuleView rule)
    {
        var parts = new List<string>();
        if (rule.Connectors.Count > 0)
        {
            parts.Add($"connectors {string.Join(", ", rule.Connectors)}");
        }

        if (rule.Projects.Count > 0)
        {
            parts.Add($"projects {string.Join(", ", rule.Projects)}");
        }

        return parts.Count == 0 ? "all accounts" : string.Join("; ", parts);
    }

    private static Color StatusColor(string status) => status switch
    {
        "delivered" => Color.Success,
        "failed" => Color.Error,
        "pending" => Color.Warning,
        _ => Color.Default,
    };

    private static string StatusText(DeliveryView d) => d.Status switch
    {
        "delivered" => "Delivered",
        "failed" => "Failed",
        "cancelled" => "Cancelled",
        _ => d.Attempts == 0 ? "Waiting" : "Retrying",
    };
}
