using Connectors.Domain.Connectors;
using Connectors.Domain.Documents;
using Connectors.Domain.Errors;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Pages.Documents;

/// <summary>Shows one document: its metadata, source URL and content as plain text.</summary>
public sealed partial class DocumentDialog
{
    private DocumentDetails? _document;
    private string? _error;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private DocumentLibrary Library { get; set; } = default!;

    [Inject]
    private Connectors.Domain.Connectors.ConnectorRegistry Connectors { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid DocumentId { get; set; }

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _document = await Library.GetAsync(DocumentId, CancellationToken.None);
        }
        catch (NotFoundException e)
        {
            // Deleted since the list was loaded (or never visible to this tenant).
            _error = e.Message;
        }
    }

    private string ConnectorName(string key) => Connectors.Find(key)?.DisplayName ?? key;

    /// <summary>Only http(s) URLs become links; anything else (imap://, javascript:) stays text.</summary>
    private static string? WebLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;
}
