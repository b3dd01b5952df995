namespace Connectors.Domain.Errors;

/// <summary>Something still in use cannot be deleted (a tenant credential its accounts sign in with); the message names
/// what uses it (the API answers 409 Conflict).</summary>
public sealed class InUseException(string message, IReadOnlyList<string> usedBy) : Exception(message)
{
    public IReadOnlyList<string> UsedBy { get; } = usedBy;
}
