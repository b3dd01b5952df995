using System.Text.RegularExpressions;
using Connectors.Domain.Errors;

namespace Connectors.Domain.Projects;

/// <summary>Project keys are lowercase kebab-case, at most 120 characters.</summary>
public static partial class ProjectKey
{
    public const string Default = "default";

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Pattern();

    public static string Parse(string? key, string field = "projectKey")
    {
        var value = key?.Trim() ?? "";
        if (value.Length is 0 or > 120 || !Pattern().IsMatch(value))
        {
            throw new ValidationFailedException(field,
                $"Project key '{key}' is not valid: use 1–120 lowercase letters, digits and single hyphens.");
        }

        return value;
    }
}
