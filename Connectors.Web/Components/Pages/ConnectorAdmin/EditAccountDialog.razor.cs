using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Pages.ConnectorAdmin;

/// <summary>
/// Renames, rebinds and sets the cadence of an account. The service validates (label, projectKey,
/// cadenceMinutes): its messages show under their fields and the dialog stays open with the values
/// kept. Closes with the updated <see cref="AccountSummary"/>.
/// </summary>
public sealed partial class EditAccountDialog
{
    private static readonly HashSet<string> FieldKeys = ["label", "projectKey", "cadenceMinutes"];

    private Dictionary<string, string> _errors = [];
    private string? _label;
    private string _projectKey = "";
    private int? _cadenceMinutes;
    private string? _formError;
    private bool _busy;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private ConnectorInstallationService Installations { get; set; } = default!;

    [Parameter, EditorRequired]
    public AccountSummary Account { get; set; } = default!;

    [Parameter, EditorRequired]
    public IReadOnlyList<ProjectSummary> Projects { get; set; } = [];

    protected override void OnInitialized()
    {
        _label = Account.Label;
        _projectKey = Account.ProjectKey ?? "";
        _cadenceMinutes = Account.CadenceMinutes;
    }

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    private async Task SubmitAsync()
    {
        _busy = true;
        _errors = [];
        _formError = null;
        try
        {
            var updated = await Installations.UpdateAsync(Account.Id, new AccountEdit(_label ?? "", _projectKey, _cadenceMinutes), CancellationToken.None);
            Dialog.Close(DialogResult.Ok(updated));
        }
        catch (ValidationFailedException e)
        {
            _errors = e.Errors.Where(p => FieldKeys.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var other = e.Errors.Where(p => !FieldKeys.Contains(p.Key)).Select(p => p.Value).ToList();
            _formError = other.Count > 0 ? string.Join(" ", other) : null;
        }
        catch (NotFoundException e)
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
