namespace Connectors.Domain.Errors;

/// <summary>The thing does not exist in the current tenant. Another tenant's id reads the same
/// way, so existence never leaks (maps to 404).</summary>
public sealed class NotFoundException(string message) : Exception(message)
{
    public static NotFoundException Account(Guid id) => new($"Account {id} was not found.");
}
