namespace Connectors.Domain.Errors;

/// <summary>Input was rejected. <see cref="Errors"/> maps a field name to its message; the
/// message is safe to show and never contains a submitted secret (maps to 400/409).</summary>
public class ValidationFailedException : Exception
{
    public ValidationFailedException(IReadOnlyDictionary<string, string> errors)
        : base(string.Join(" ", errors.Values))
    {
        Errors = errors;
    }

    public ValidationFailedException(string field, string message)
        : this(new Dictionary<string, string> { [field] = message })
    {
    }

    public IReadOnlyDictionary<string, string> Errors { get; }
}
