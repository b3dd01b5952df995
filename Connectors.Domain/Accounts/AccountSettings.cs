using Connectors.Domain.Connectors.Forms;

namespace Connectors.Domain.Accounts;

/// <summary>An account's settings as the Settings action edits them: the connector's settings form and
/// every field's current value (stored, or the default where unset), typed as the form holds them —
/// numbers as <see cref="double"/>, checkboxes as <see cref="bool"/>, lists as <see cref="string"/> arrays.</summary>
/// <param name="Customized">The fields with a stored value of their own (the others show their default).</param>
public sealed record AccountSettings(
    Guid AccountId,
    string Label,
    string ConnectorKey,
    FormSchema Form,
    IReadOnlyDictionary<string, object?> Values,
    IReadOnlySet<string> Customized);

/// <summary>The live options of a settings field, or why they could not be listed. A failure is never
/// an empty list: <see cref="Error"/> names the problem (unreachable server, refused login …).</summary>
public sealed record DiscoveryResult(IReadOnlyList<FieldOption> Options, string? Error)
{
    public bool Succeeded => Error is null;

    public static DiscoveryResult Found(IReadOnlyList<FieldOption> options) => new(options, null);

    public static DiscoveryResult Failed(string error) => new([], error);
}
