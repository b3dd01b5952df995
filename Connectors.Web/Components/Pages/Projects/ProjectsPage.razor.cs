using Connectors.Domain.Overview;
using Connectors.Domain.Projects;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Pages.Projects;

/// <summary>The tenant's projects with their usage; SuperAdmins create and rename them in a dialog.</summary>
public sealed partial class ProjectsPage
{
    private IReadOnlyList<ProjectOverview>? _projects;

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
