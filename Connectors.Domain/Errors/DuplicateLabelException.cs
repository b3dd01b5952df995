namespace Connectors.Domain.Errors;

/// <summary>Another account of the same connector already holds the label (case-insensitively).</summary>
public sealed class DuplicateLabelException(string label, Guid? existingAccountId = null)
    : ValidationFailedException("label", $"An account labelled '{label}' already exists for this connector.")
{
    public string Label { get; } = label;
    public Guid? ExistingAccountId { get; } = existingAccountId;
}
