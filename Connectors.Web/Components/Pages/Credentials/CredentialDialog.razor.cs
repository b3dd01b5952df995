using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;
using Connectors.Web.Components.FormFields;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Pages.Credentials;

/// <summary>Adds a tenant credential from the part of a connector's form that belongs to a credential, or rotates one (its
/// connection fields prefilled, secrets blank: left empty, they keep their value). The connector signs in before anything is
/// saved; its refusal shows inline and loses nothing typed but the secrets.</summary>
public sealed partial class CredentialDialog
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);
    private Dictionary<string, string> _errors = [];
    private string? _connector;
    private string? _name;
    private string? _formError;
    private bool _busy;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private TenantCredentials Credentials { get; set; } = default!;

    [Parameter, EditorRequired]
    public IReadOnlyList<(IConnector Connector, FormSchema Form)> Offered { get; set; } = [];

    /// <summary>Set to rotate this credential instead of adding one.</summary>
    [Parameter]
    public TenantCredentialView? Rotating { get; set; }

    private FormSchema? Form => Offered.FirstOrDefault(o => o.Connector.Key == _connector).Form;

    protected override void OnInitialized()
    {
        if (Rotating is { } credential)
        {
            _connector = credential.Connector;
            _name = credential.Name;
            foreach (var field in Form?.Fields ?? [])
            {
                _values[field.Name] = SchemaField.DefaultValue(field);
            }

            foreach (var (name, value) in FormPrefill.FromConfig(Form!, new System.Text.Json.Nodes.JsonObject { [FormRouter.ConnectionKey] = credential.Connection.DeepClone() }))
            {
                _values[name] = value;
            }
        }
        else
        {
            ChooseConnector(Offered.Count > 0 ? Offered[0].Connector.Key : null);
        }
    }

    private void ChooseConnector(string? key)
    {
        _connector = key;
        _values.Clear();
        foreach (var field in Form?.Fields ?? [])
        {
            _values[field.Name] = SchemaField.DefaultValue(field);
        }
    }

    /// <summary>On rotation a secret may be left empty (it keeps its value).</summary>
    private FormField ForRotation(FormField field) =>
        Rotating is not null && field.Target == FieldTarget.Secret ? field with { Required = false, Help = "Leave empty to keep the current one." } : field;

    private string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    private async Task SubmitAsync()
    {
        _busy = true;
        _errors = [];
        _formError = null;
        try
        {
            var values = Form is { } form
                ? FormVisibility.Visible(form, name => _values.GetValueOrDefault(name)).ToDictionary(f => f.Name, f => _values.GetValueOrDefault(f.Name), StringComparer.Ordinal)
                : [];
            var saved = Rotating is { } credential
                ? await Credentials.RotateAsync(credential.Id, _name, values, CancellationToken.None)
                : await Credentials.CreateAsync(_connector ?? "", _name, values, CancellationToken.None);
            Dialog.Close(DialogResult.Ok(saved));
        }
        catch (ValidationFailedException e)
        {
            _errors = e.Errors.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            _formError = _errors.Count == 1 ? _errors.Values.Single() : $"Fix the {_errors.Count} highlighted fields.";
            foreach (var secret in Form?.Fields.Where(f => f.Target == FieldTarget.Secret) ?? [])
            {
                _values[secret.Name] = null;
            }
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
