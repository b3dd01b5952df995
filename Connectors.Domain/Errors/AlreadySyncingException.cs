namespace Connectors.Domain.Errors;

/// <summary>The account already has a queued or running sync: the database allows one per account, so
/// "Sync now" is refused rather than queued twice (the API answers 409 Conflict).</summary>
public sealed class AlreadySyncingException(string label)
    : ValidationFailedException("account", $"'{label}' is already syncing.")
{
    public string Label { get; } = label;
}
