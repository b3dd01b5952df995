using Connectors.Domain.Connectors;
using Connectors.Domain.Errors;
using Connectors.Domain.Events;
using Connectors.Domain.Notifications;
using Connectors.Domain.Projects;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Pages.Notifications;

/// <summary>Adds an alert rule: which events go to which channels, optionally only for some connectors or projects.
/// The domain validates; its messages show by the field they name.</summary>
public sealed partial class RuleDialog
{
    private readonly HashSet<string> _events = [AccountEventKinds.NeedsReconnect, AccountEventKinds.Stopped, AccountEventKinds.Recovered];
    private readonly HashSet<Guid> _channels = [];
    private Dictionary<string, string> _errors = [];
    private IReadOnlyCollection<string> _connectors = [];
    private IReadOnlyCollection<string> _projects = [];
    private IReadOnlyList<ProjectSummary> _projectList = [];
    private string? _name;
    private string? _formError;
    private bool _busy;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private NotificationSettings Settings { get; set; } = default!;

    [Inject]
    private ConnectorRegistry Registry { get; set; } = default!;

    [Inject]
    private ProjectRegistry Projects { get; set; } = default!;

    [Parameter, EditorRequired]
    public IReadOnlyList<ChannelView> Channels { get; set; } = [];

    protected override async Task OnInitializedAsync()
    {
        _projectList = await Projects.ListAsync(CancellationToken.None);
        if (Channels.Count == 1)
        {
            _channels.Add(Channels[0].Id);
        }
    }

    private string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    private static void Toggle<T>(HashSet<T> set, T value, bool on)
    {
        if (on)
        {
            set.Add(value);
        }
        else
        {
            set.Remove(value);
        }
    }

    private async Task SubmitAsync()
    {
        _busy = true;
        _errors = [];
        _formError = null;
        try
        {
            var id = await Settings.CreateRuleAsync(new RuleInput(_name, [.. AccountEventKinds.All.Where(_events.Contains)], [.. _channels],
                [.. _connectors], [.. _projects]), CancellationToken.None);
            Dialog.Close(DialogResult.Ok(id));
        }
        catch (ValidationFailedException e)
        {
            _errors = e.Errors.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            _formError = _errors.Keys.Any(k => k is not ("name" or "events" or "channelIds" or "connectors" or "projects")) ? e.Message : null;
        }
        catch (AccessDeniedException e)
        {
            _formError = e.Message;
        }
        finally
        {
            _busy = false;
            Dialog.StateHasChanged();
        }
    }
}
