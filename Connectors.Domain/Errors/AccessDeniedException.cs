namespace Connectors.Domain.Errors;

/// <summary>The actor lacks the right for the operation (maps to 403).</summary>
public sealed class AccessDeniedException(string message) : Exception(message);
