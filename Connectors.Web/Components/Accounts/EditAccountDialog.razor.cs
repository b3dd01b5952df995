using System.Globalization;
using Connectors.Domain.Accounts;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Accounts;

/// <summary>
/// Renames, rebinds, sets the further target projects and the cadence of an account. The cadence is a choice: inherit (naming the
/// inherited value), a preset from <see cref="Cadence.Presets"/>, or a custom number of minutes. The
/// service validates (label, projectKey, cadenceMinutes): its messages show under their fields and the
/// dialog stays open with the values kept. Closes with the updated <see cref="AccountSummary"/>.
/// </summary>
public sealed partial class EditAccountDialog
{
    private const string InheritChoice = "inherit";
    private const string CustomChoice = "custom";
    private static readonly HashSet<string> FieldKeys = ["label", "projectKey", "cadenceMinutes", "checkMinutes", AccountTargetsField];
    private const string AccountTargetsField = "targetProjects";

    private Dictionary<string, string> _errors = [];
    private string? _label;
    private string _projectKey = "";
    private IReadOnlyCollection<string> _targets = [];
    private string _cadenceChoice = InheritChoice;
    private int? _customMinutes;
    private string? _formError;
    private bool _busy;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private AccountEditor Editor { get; set; } = default!;

    [Parameter, EditorRequired]
    public AccountSummary Account { get; set; } = default!;

    [Parameter, EditorRequired]
    public IReadOnlyList<ProjectSummary> Projects { get; set; } = [];

    protected override void OnInitialized()
    {
        _label = Account.Label;
        _projectKey = Account.ProjectKey ?? "";
        _targets = [.. Account.TargetProjects];
        _cadenceChoice = Account.CadenceMinutes switch
        {
            null => InheritChoice,
            { } minutes when Cadence.Presets.Contains(minutes) => Choice(minutes),
            _ => CustomChoice,
        };
        _customMinutes = Account.EffectiveCadenceMinutes;
        _checkChoice = Account.CheckMinutes is { } check ? Choice(check) : InheritChoice;
    }

    /// <summary>The connection-check cadences offered (an hour to a week); the account page's summary carries the
    /// current one, a list's does not (then the field is not shown and the cadence is kept).</summary>
    private static readonly int[] CheckPresets = [60, 360, 720, 1440, 10_080];

    private string _checkChoice = InheritChoice;

    private bool ShowsCheckCadence => Account.InheritedCheckMinutes > 0;

    private IEnumerable<int> CheckChoices => Account.CheckMinutes is { } current && !CheckPresets.Contains(current)
        ? CheckPresets.Append(current).Order()
        : CheckPresets;

    private int? CheckMinutes => _checkChoice == InheritChoice ? null : int.Parse(_checkChoice, CultureInfo.InvariantCulture);

    /// <summary>Keeps the custom field on the last preset chosen, so "Custom…" starts from it.</summary>
    private void CadenceChosen()
    {
        if (_cadenceChoice is not (InheritChoice or CustomChoice))
        {
            _customMinutes = CadenceMinutes;
        }
    }

    private bool IsCustom => _cadenceChoice == CustomChoice;

    /// <summary>The project the account's documents are stored in with the binding chosen (the tenant default's key is
    /// known when the account inherits it); it is not offered as a further one.</summary>
    private string? OwnProject => _projectKey is { Length: > 0 } bound ? bound : Account.InheritsProject ? Account.ResolvedProjectKey : null;

    private string CadenceHelp => _cadenceChoice == InheritChoice
        ? "The connector's or the deployment's cadence; follows it when that changes."
        : "How often this account is synced.";

    /// <summary>What is sent: null inherits; a preset's or the custom minutes otherwise.</summary>
    private int? CadenceMinutes => _cadenceChoice switch
    {
        InheritChoice => null,
        CustomChoice => _customMinutes,
        _ => int.Parse(_cadenceChoice, CultureInfo.InvariantCulture),
    };

    private static string Choice(int minutes) => minutes.ToString(CultureInfo.InvariantCulture);

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    private async Task SubmitAsync()
    {
        _errors = [];
        _formError = null;
        if (IsCustom && _customMinutes is null)
        {
            _errors["cadenceMinutes"] = "Enter the sync cadence in minutes, or choose another option.";
            return;
        }

        _busy = true;
        try
        {
            var updated = await Editor.UpdateAsync(Account.Id, new AccountEdit(_label ?? "", _projectKey, CadenceMinutes)
            {
                TargetProjects = [.. _targets.Where(t => t != OwnProject)],
                SetsCheckMinutes = ShowsCheckCadence && CheckMinutes != Account.CheckMinutes,
                CheckMinutes = CheckMinutes,
            }, CancellationToken.None);
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
