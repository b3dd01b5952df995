using Connectors.Domain.Errors;
using System.Globalization;

namespace Connectors.Web.Api;

/// <summary>Query-string values, checked like body values: a bad one is a 422 naming it.</summary>
public static class ApiQuery
{
    public static bool Flag(HttpRequest request, string name, bool fallback)
    {
        var raw = request.Query[name];
        if (raw.Count == 0)
        {
            return fallback;
        }

        return raw.Count == 1 && bool.TryParse(raw[0], out var value)
            ? value
            : throw new ValidationFailedException(name, $"{name} must be true or false.");
    }

    public static int Integer(HttpRequest request, string name, int fallback)
    {
        var raw = request.Query[name];
        if (raw.Count == 0)
        {
            return fallback;
        }

        return raw.Count == 1 && int.TryParse(raw[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ValidationFailedException(name, $"{name} must be a whole number.");
    }
}
