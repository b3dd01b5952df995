using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Accounts;

/// <summary>
/// Edits an account's settings from its connector's settings form (no connector-specific branch): the
/// current values with defaults filled in, List fields with live options where the field has a discovery
/// source, and the shared validator's messages under their fields. Only what the user changed is sent; a
/// number cleared restores its default. Closes with the updated <see cref="AccountSettings"/>.
/// </summary>
public sealed partial class SettingsDialog
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<DiscoveryResult>> _discoveries = new(StringComparer.Ordinal);
    private Dictionary<string, string> _errors = [];
    private AccountSettings? _settings;
    private string? _formError;
    private bool _busy;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private AccountSettingsService Settings { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid AccountId { get; set; }

    [Parameter, EditorRequired]
    public string Label { get; set; } = "";

    protected override async Task OnInitializedAsync()
    {
        try
        {
            Load(await Settings.GetAsync(AccountId, CancellationToken.None));
        }
        catch (Exception e) when (e is NotFoundException or AccessDeniedException)
        {
            _formError = e.Message;
            Dialog.StateHasChanged();
        }
    }

    private void Load(AccountSettings settings)
    {
        _settings = settings;
        _values.Clear();
        foreach (var (name, value) in settings.Values)
        {
            _values[name] = value;
        }
    }

    /// <summary>Fields sharing a discovery source share one answer; Retry asks the server again.</summary>
    private Task<DiscoveryResult> DiscoverAsync(FormField field, bool refresh, CancellationToken ct)
    {
        var source = field.Discovery ?? field.Name;
        if (refresh || !_discoveries.TryGetValue(source, out var pending) || pending.IsFaulted)
        {
            pending = Settings.DiscoverAsync(AccountId, field.Name, ct);
            _discoveries[source] = pending;
        }

        return pending;
    }

    private async Task SubmitAsync()
    {
        if (_settings is null)
        {
            return;
        }

        _busy = true;
        _errors = [];
        _formError = null;
        try
        {
            var changes = SettingsChanges.Between(_settings.Values, _values);
            var updated = changes.Count == 0 ? _settings : await Settings.UpdateAsync(AccountId, changes, CancellationToken.None);
            Dialog.Close(DialogResult.Ok(updated));
        }
        catch (ValidationFailedException e)
        {
            var fields = _settings.Form.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            _errors = e.Errors.Where(p => fields.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var other = e.Errors.Where(p => !fields.Contains(p.Key)).Select(p => p.Value).ToList();
            _formError = other.Count > 0 ? string.Join(" ", other) : $"Fix the highlighted field{(_errors.Count == 1 ? "" : "s")}.";
        }
        catch (Exception e) when (e is NotFoundException or AccessDeniedException)
        {
            _formError = e.Message;
        }
        finally
        {
            _busy = false;
            // The title (where a form-level error shows) is rendered by the dialog container.
            Dialog.StateHasChanged();
        }
    }
}
