using System.Text;
using System.Text.RegularExpressions;
using Connectors.Domain.Errors;

namespace Connectors.Domain.Installations;

/// <summary>The label rule: 1–64 characters, starting with a letter or digit,
/// then letters, digits, space, underscore, dot or hyphen. Compared case-insensitively.</summary>
public static partial class AccountLabel
{
    private const string PatternMessage =
        "Label must start with a letter or digit and contain only letters, digits, spaces, '_', '.' or '-'.";

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} _.-]*$")]
    private static partial Regex Pattern();

    /// <summary>Validates and returns the canonical (NFC) label; blank becomes <c>default</c>.</summary>
    public static string Parse(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return ConnectorInstallation.DefaultLabel;
        }

        string value;
        try
        {
            value = label.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // A lone surrogate or a noncharacter (U+FFFF) cannot be normalized; it is not a valid label either.
            throw new ValidationFailedException("label", PatternMessage);
        }

        if (value.Length > ConnectorInstallation.LabelMaxLength)
        {
            throw new ValidationFailedException("label", $"Label must be at most {ConnectorInstallation.LabelMaxLength} characters.");
        }

        if (!Pattern().IsMatch(value))
        {
            throw new ValidationFailedException("label", PatternMessage);
        }

        return value;
    }

    public static string Normalize(string label) =>
        label.Normalize(NormalizationForm.FormC).ToUpperInvariant();
}
