using Connectors.Domain.Accounts;
using Connectors.Domain.Errors;
using Connectors.Domain.Overview;
using Connectors.Domain.Projects;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Pages.Projects;

/// <summary>The tenant's projects with their usage (accounts bound to each or having it as a further project, and the
/// documents seen there); SuperAdmins create and rename them in a dialog, and delete one no account ingests into.</summary>
public sealed partial class ProjectsPage
{
    private IReadOnlyList<ProjectOverview>? _projects;
    private bool _busy;

    [Inject]
    private ProjectDeletion Deletion { get; set; } = default!;

    [Inject]
    private ProjectOverviews Overviews { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync() => _projects = await Overviews.ListAsync(CancellationToken.None);

    private Task CreateAsync() => ShowAsync("New project", new ProjectEdit(null, ""), p => $"Project “{p.Name}” ({p.Key}) created.");

    private Task RenameAsync(ProjectOverview project) =>
        ShowAsync($"Rename “{project.Name}”", new ProjectEdit(project.Key, project.Name), p => $"Project {p.Key} renamed to “{p.Name}”.");

    private async Task DeleteAsync(ProjectOverview project)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = $"Delete “{project.Name}”?",
            Message = project.BoundAccounts > 0
                ? $"{project.BoundAccounts} account(s) ingest into it: the project is not deleted until they are moved or it is removed from their further projects."
                : project.Documents > 0
                    ? $"Its {project.Documents:N0} document(s), left by deleted accounts, are deleted with it."
                    : "No account or document uses it.",
            YesText = "Delete",
            CancelText = "Cancel",
        });
        if (confirmed != true)
        {
            return;
        }

        _busy = true;
        try
        {
            await Deletion.DeleteAsync(project.Key, CancellationToken.None);
            Snackbar.Add($"Project {project.Key} deleted.", Severity.Success);
            await LoadAsync();
        }
        catch (Exception e) when (e is ValidationFailedException or NotFoundException or AccessDeniedException or InUseException)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ShowAsync(string title, ProjectEdit edit, Func<ProjectSummary, string> message)
    {
        var dialog = await Dialogs.ShowAsync<ProjectDialog>(title,
            new DialogParameters<ProjectDialog> { { d => d.Edit, edit } },
            new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: ProjectSummary saved })
        {
            Snackbar.Add(message(saved), Severity.Success);
            await LoadAsync();
        }
    }
}
