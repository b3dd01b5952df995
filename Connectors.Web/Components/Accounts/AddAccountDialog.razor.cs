using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Connectors.Web.Components.FormFields;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Connectors.Web.Components.Accounts;

/// <summary>
/// Renders any connector's credential form from its schema (no connector-specific branch): grouped
/// sections, showIf applied live, defaults prefilled, the shared validator's messages per field and the
/// server's refusal inline. A refused login keeps every value but the secrets; a retry reconnects the
/// same account. OAuth connectors ask only for label and project, then redirect.
/// </summary>
public sealed partial class AddAccountDialog
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);
    private Dictionary<string, string> _errors = [];
    private string? _label;
    private string _projectKey = "";
    private string? _formError;
    private bool _busy;
    private Guid? _pendingAccount;
    private bool _keptPending;
    private int? _cadence;
    private IReadOnlyList<TenantCredentialView> _shared = [];
    private Guid? _credentialId;
    private bool _useShared;
    private bool _loaded;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private ConfigureConnectorService Configure { get; set; } = default!;

    [Inject]
    private OAuthGrants Grants { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private AccountLifecycle Lifecycle { get; set; } = default!;

    [Inject]
    private AccountEditor Editor { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private TenantCredentials Credentials { get; set; } = default!;

    [Inject]
    private Microsoft.Extensions.Options.IOptions<Connectors.Domain.ConnectorsOptions> Options { get; set; } = default!;

    [Parameter, EditorRequired]
    public ConnectorSummary Connector { get; set; } = default!;

    [Parameter, EditorRequired]
    public IReadOnlyList<ProjectSummary> Projects { get; set; } = [];

    /// <summary>Set to reconnect this (Pending, NeedsReconnect or Error) account instead of creating
    /// one: its label is fixed, its project and every non-secret value stored in its config prefilled.</summary>
    [Parameter]
    public AccountSummary? Reconnect { get; set; }

    private bool IsReconnect => _pendingAccount is not null;

    /// <summary>The cadence a new account of this connector inherits when none is chosen.</summary>
    private int InheritedCadence => Connectors.Domain.Sync.SyncSchedule.CadenceMinutes(null, Connector.Key, Options.Value);

    protected override void OnInitialized()
    {
        foreach (var field in Connector.CredentialForm?.Fields ?? [])
        {
            _values[field.Name] = SchemaField.DefaultValue(field);
        }

        if (Reconnect is { } account && Connector.CredentialForm is { } form)
        {
            _pendingAccount = account.Id;
            _label = account.Label;
            _projectKey = account.ProjectKey ?? "";
            foreach (var (name, value) in FormPrefill.FromConfig(form, account.Config))
            {
                _values[name] = value;
            }
        }
    }

    /// <summary>The tenant credentials of this connector, to sign in with instead of the account's own.</summary>
    protected override async Task OnInitializedAsync()
    {
        if (Connector.CredentialForm is { OffersTenantCredentials: true })
        {
            _shared = [.. (await Credentials.ListAsync(CancellationToken.None)).Where(c => c.Connector == Connector.Key)];
            _credentialId = Reconnect?.CredentialId ?? (_shared.Count > 0 ? _shared[0].Id : null);
            _useShared = Reconnect?.CredentialId is not null || (Reconnect is null && _shared.Count > 0);
        }

        _loaded = true;
    }

    /// <summary>The form as the user fills it: with a tenant credential, only the account's own part.</summary>
    private FormSchema? Form => Connector.CredentialForm is { } form && _useShared ? form.WithoutCredential() : Connector.CredentialForm;

    private IEnumerable<FormField> VisibleFields(FormSchema form) =>
        FormVisibility.Visible(form, name => _values.GetValueOrDefault(name));

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    private async Task SubmitAsync()
    {
        _busy = true;
        _errors = [];
        _formError = null;
        try
        {
            if (string.IsNullOrWhiteSpace(_label))
            {
                // Every missing field at once, in the validator's one wording, not the label alone.
                _errors["label"] = "Label is required.";
                if (Form is { } checkedForm)
                {
                    foreach (var (name, message) in FormValidator.Validate(checkedForm, VisibleValues(checkedForm)).Errors)
                    {
                        _errors[name] = message;
                    }
                }

                _formError = _errors.Count == 1 ? _errors.Values.Single() : $"Fix the {_errors.Count} highlighted fields.";
                return;
            }

            if (Form is { } form)
            {
                await SubmitCredentialsAsync(form);
            }
            else
            {
                var begin = await Grants.BeginAsync(Connector.Key, _label, _projectKey, CancellationToken.None);
                await ApplyCadenceAsync(begin.AccountId);
                Navigation.NavigateTo(begin.AuthorizeUrl.ToString(), forceLoad: true);
            }
        }
        catch (ValidationFailedException e)
        {
            _errors = e.Errors.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            // Also in the title, which never scrolls: the field it concerns may be scrolled out of view.
            _formError = _errors.Count == 1 ? _errors.Values.Single() : $"Fix the {_errors.Count} highlighted fields.";
        }
        finally
        {
            _busy = false;
            // The title (where the error shows) is rendered by the dialog container: refresh it too.
            Dialog.StateHasChanged();
        }
    }

    private async Task SubmitCredentialsAsync(FormSchema form)
    {
        var submission = new CredentialSubmission(_label, _projectKey, VisibleValues(form), _useShared ? _credentialId : null);
        var created = _pendingAccount is null;
        var outcome = _pendingAccount is { } id
            ? await Configure.ReconnectAsync(id, submission, CancellationToken.None)
            : await Configure.CreateAsync(Connector.Key, submission, CancellationToken.None);
        if (created)
        {
            await ApplyCadenceAsync(outcome.AccountId);
        }

        if (outcome.AuthorizeUrl is { } url)
        {
            Navigation.NavigateTo(url.ToString(), forceLoad: true);
        }
        else if (outcome.Succeeded)
        {
            // The first sync starts now, as it does when an OAuth account comes back from its consent.
            await Lifecycle.StartFirstSyncAsync(outcome.AccountId, CancellationToken.None);
            Dialog.Close(DialogResult.Ok(outcome.AccountId));
        }
        else
        {
            // The account exists (Pending) with the server's reason: a retry reconnects it.
            _keptPending |= created;
            _pendingAccount = outcome.AccountId;
            _formError = outcome.Error;
            foreach (var secret in form.Fields.Where(f => f.Target == FieldTarget.Secret))
            {
                _values[secret.Name] = null;
            }
        }
    }

    private Dictionary<string, object?> VisibleValues(FormSchema form)
    {
        var visible = VisibleFields(form).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        return _values.Where(v => visible.Contains(v.Key)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
    }

    private async Task ApplyCadenceAsync(Guid accountId)
    {
        if (_cadence is { } minutes)
        {
            await Editor.ApplyPatchAsync(accountId, new AccountPatch { SetsCadence = true, CadenceMinutes = minutes }, CancellationToken.None);
        }
    }

    /// <summary>Deletes the Pending account this dialog created and the server refused.</summary>
    private async Task DiscardAsync()
    {
        if (_pendingAccount is { } id)
        {
            await Lifecycle.DeleteAsync(id, deleteDocuments: true, CancellationToken.None);
        }

        Dialog.Close(DialogResult.Cancel());
    }

    /// <summary>Cancel after a refusal asks what becomes of the Pending account the attempt left.</summary>
    private async Task CancelAsync()
    {
        if (!_keptPending)
        {
            Dialog.Cancel();
            return;
        }

        var keep = await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = $"Keep “{_label}” to retry later?",
            Message = "The account was kept as Pending with what you typed, except the secret. Keep it to retry from the list later, or discard it.",
            YesText = "Keep as Pending",
            NoText = "Discard it",
        });
        if (keep == false)
        {
            await DiscardAsync();
            return;
        }

        Dialog.Cancel();
    }
}
