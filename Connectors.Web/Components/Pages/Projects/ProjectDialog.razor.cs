using Connectors.Domain.Errors;
using Connectors.Domain.Projects;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Pages.Projects;

/// <summary>Creates a project or renames one. The domain validates (key rules, required name,
/// duplicate key); its errors show under the field they name, anything else above the form.</summary>
public sealed partial class ProjectDialog
{
    private Dictionary<string, string> _errors = [];
    private string? _key;
    private string? _name;
    private string? _formError;
    private bool _busy;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private ProjectRegistry Registry { get; set; } = default!;

    [Parameter, EditorRequired]
    public ProjectEdit Edit { get; set; } = default!;

    protected override void OnInitialized()
    {
        _key = Edit.Key;
        _name = Edit.Name;
    }

    private string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    private async Task SubmitAsync()
    {
        _busy = true;
        _errors = [];
        _formError = null;
        try
        {
            var saved = Edit.Key is { } key
                ? await Registry.RenameAsync(key, _name ?? "", CancellationToken.None)
                : await Registry.AddAsync(_key ?? "", _name ?? "", CancellationToken.None);
            Dialog.Close(DialogResult.Ok(saved));
        }
        catch (ValidationFailedException e)
        {
            _errors = e.Errors.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            _formError = _errors.Keys.Any(k => k is not ("key" or "name")) ? e.Message : null;
        }
        catch (Exception e) when (e is NotFoundException or AccessDeniedException)
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
