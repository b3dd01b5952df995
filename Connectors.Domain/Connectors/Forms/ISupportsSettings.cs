using Connectors.Domain.Errors;
using Connectors.Domain.Installations;

namespace Connectors.Domain.Connectors.Forms;

/// <summary>A connector whose account has settings edited after install (the "Settings" action).
/// Values live in the account's config JSON under <c>&lt;name&gt;</c>, read back by the connector.</summary>
public interface ISupportsSettings
{
    /// <summary>The settings form: Config fields only, never a secret.</summary>
    FormSchema SettingsForm { get; }

    /// <summary>The live options of the settings field <paramref name="fieldName"/>, whose
    /// <see cref="FormField.Discovery"/> names the source (IMAP: the mailbox's folders). A failure to reach
    /// the provider throws a <see cref="ConnectorException"/> saying why; it never answers an empty list in
    /// place of an error, so "nothing found" and "could not look" stay apart.</summary>
    Task<IReadOnlyList<FieldOption>> DiscoverOptionsAsync(ConnectorAccount account, string fieldName, CancellationToken ct);
}
