using Connectors.Domain.Connectors;
using Connectors.Domain.Documents;
using Connectors.Domain.Overview;
using Connectors.Domain.Projects;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Connectors.Web.Components.Pages.Documents;

/// <summary>Searches a project's documents by title, 25 per page (paged on the server); a row opens
/// the document in a dialog.</summary>
public sealed partial class DocumentsPage : IDisposable
{
    private const int PageSize = 25;

    private IReadOnlyList<ProjectOverview>? _projects;
    private DocumentPage? _page;
    private string? _projectKey;
    private string? _query;
    private int _pageIndex;
    private CancellationTokenSource? _loading;

    [Inject]
    private ProjectOverviews Projects { get; set; } = default!;

    [Inject]
    private DocumentLibrary Library { get; set; } = default!;

    [Inject]
    private Connectors.Domain.Connectors.ConnectorRegistry Connectors { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _projects = await Projects.ListAsync(CancellationToken.None);
        _projectKey = _projects.FirstOrDefault(p => p.IsTenantDefault)?.Key ?? (_projects.Count > 0 ? _projects[0].Key : null);
        await LoadAsync();
    }

    private Task ProjectChangedAsync(string projectKey)
    {
        _projectKey = projectKey;
        _pageIndex = 0;
        return LoadAsync();
    }

    private Task QueryChangedAsync(string? query)
    {
        _query = query;
        _pageIndex = 0;
        return LoadAsync();
    }

    private Task PageChangedAsync(int pageIndex)
    {
        _pageIndex = pageIndex;
        return LoadAsync();
    }

    /// <summary>Loads the current page; a newer request cancels an older one still running, so a
    /// slow answer to an old search never overwrites the latest.</summary>
    private async Task LoadAsync()
    {
        if (_projectKey is null)
        {
            _page = new DocumentPage([], 0);
            return;
        }

        _loading?.Cancel();
        var loading = _loading = new CancellationTokenSource();
        try
        {
            var page = await Library.SearchAsync(_projectKey, _query, _pageIndex, PageSize, loading.Token);
            if (!loading.IsCancellationRequested)
            {
                _page = page;
            }
        }
        catch (OperationCanceledException) when (loading.IsCancellationRequested)
        {
            // Superseded by a newer search.
        }
    }

    private Task OpenAsync(DocumentListItem document) =>
        Dialogs.ShowAsync<DocumentDialog>(document.Title,
            new DialogParameters<DocumentDialog> { { d => d.DocumentId, document.Id } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, CloseButton = true });

    /// <summary>The connector's display name ("Email (IMAP)"), or its key when no longer registered.</summary>
    private string ConnectorName(string key) => Connectors.Find(key)?.DisplayName ?? key;

    private Task OnRowKeyAsync(KeyboardEventArgs e, DocumentListItem document) =>
        e.Key is "Enter" or " " ? OpenAsync(document) : Task.CompletedTask;

    public void Dispose()
    {
        _loading?.Cancel();
        _loading?.Dispose();
    }
}
