using Connectors.Domain.Errors;
using Connectors.Domain.Notifications;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace Connectors.Web.Components.Pages.Notifications;

/// <summary>Adds an email or webhook channel. The domain validates (addresses, https, the host guard) and its
/// messages show under the field they name; a webhook's signing secret is shown once, here.</summary>
public sealed partial class ChannelDialog
{
    private Dictionary<string, string> _errors = [];
    private string _kind = "email";
    private string? _name;
    private string? _recipients;
    private string? _url;
    private string? _formError;
    private bool _busy;
    private CreatedChannel? _created;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private NotificationSettings Settings { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    private async Task SubmitAsync()
    {
        _busy = true;
        _errors = [];
        _formError = null;
        try
        {
            var created = await Settings.CreateChannelAsync(
                new ChannelInput(_kind, _name, _kind == "email" ? [_recipients ?? ""] : null, _kind == "webhook" ? _url : null), CancellationToken.None);
            Snackbar.Add($"Channel “{_name?.Trim()}” added.", Severity.Success);
            if (created.Secret is null)
            {
                Dialog.Close(DialogResult.Ok(created));
                return;
            }

            _created = created;
        }
        catch (ValidationFailedException e)
        {
            _errors = e.Errors.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            _formError = _errors.Keys.Any(k => k is not ("name" or "recipients" or "url")) ? e.Message : null;
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

    private async Task CopyAsync()
    {
        if (_created?.Secret is { } secret)
        {
            try
            {
                await JS.InvokeVoidAsync("navigator.clipboard.writeText", secret);
                Snackbar.Add("Secret copied.", Severity.Info);
            }
            catch (JSException)
            {
                Snackbar.Add("The browser did not allow copying; select the secret and copy it yourself.", Severity.Warning);
            }
        }
    }
}
