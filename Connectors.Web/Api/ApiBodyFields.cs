using Connectors.Domain.Errors;
using System.Text.Json;

namespace Connectors.Web.Api;

/// <summary>
/// The properties of a JSON request object, read with their types checked. Names are case-sensitive
/// camelCase; a property the operation does not know is an error (a typo must not be silently ignored).
/// Errors are collected per property so one 422 names every bad one.
/// </summary>
public sealed class ApiBodyFields
{
    private readonly Dictionary<string, JsonElement> _properties = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);

    public ApiBodyFields(JsonElement root, params string[] known)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (known.Contains(property.Name, StringComparer.Ordinal))
            {
                _properties[property.Name] = property.Value;
            }
            else
            {
                _errors[property.Name] = $"Unknown property '{property.Name}'. Known: {string.Join(", ", known)}.";
            }
        }
    }

    public bool Has(string name) => _properties.ContainsKey(name);

    /// <summary>A string or null; absent reads as null.</summary>
    public string? Text(string name)
    {
        if (!_properties.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        _errors[name] = $"{name} must be a string.";
        return null;
    }

    /// <summary>An id (a GUID string) or null; absent reads as null.</summary>
    public Guid? Id(string name)
    {
        if (!_properties.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var id))
        {
            return id;
        }

        _errors[name] = $"{name} must be an id (a GUID) or null.";
        return null;
    }

    /// <summary>A whole number or null; absent reads as null.</summary>
    public int? Integer(string name)
    {
        if (!_properties.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        _errors[name] = $"{name} must be a whole number or null.";
        return null;
    }

    /// <summary>true, false or null; absent reads as null.</summary>
    public bool? Flag(string name)
    {
        if (!_properties.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        _errors[name] = $"{name} must be true or false.";
        return null;
    }

    /// <summary>An array of strings, or null when absent or null.</summary>
    public IReadOnlyList<string>? Texts(string name)
    {
        if (!_properties.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
        {
            return [.. value.EnumerateArray().Select(e => e.GetString()!)];
        }

        _errors[name] = $"{name} must be an array of strings.";
        return null;
    }

    /// <summary>A nested object, or null when absent or null.</summary>
    public JsonElement? Object(string name)
    {
        if (!_properties.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            return value;
        }

        _errors[name] = $"{name} must be an object.";
        return null;
    }

    /// <summary>An object of form values, passed as JSON to the one form validator, which coerces and
    /// checks them per field. Absent or null reads as no values.</summary>
    public IReadOnlyDictionary<string, object?> Values(string name)
    {
        if (!_properties.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return new Dictionary<string, object?>();
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            _errors[name] = $"{name} must be an object of field values, e.g. {{\"host\": \"imap.example.com\"}}.";
            return new Dictionary<string, object?>();
        }

        return value.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value, StringComparer.Ordinal);
    }

    public void Reject(string name, string message) => _errors[name] = message;

    /// <summary>Throws a 422 naming every bad property, if any.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw new ValidationFailedException(_errors);
        }
    }
}
