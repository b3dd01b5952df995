namespace Connectors.Tests.Api;

/// <summary>One generated configure request: the connector, the raw body, and what the generator knows about
/// it — the secret it put in (which no response may echo) and a value it put in a hidden field (which the
/// account's config must not keep).</summary>
public sealed record FuzzPayload(int Index, string Connector, string Body, string? Secret, string? HiddenMarker);

/// <summary>
/// Generates configure payloads for the <c>imap</c> and <c>confluence</c> credential forms from a seed: each
/// property and field is independently left out, valid, of a wrong type (number, boolean, object, array,
/// null), huge (10k+ characters), odd Unicode (RTL marks, emoji, NUL, combining characters, noncharacters,
/// lone surrogates), blank, or joined by unknown fields and values for fields the schema hides; a few bodies
/// are not valid JSON at all. No generated value reaches the network: IMAP runs on fake ping, and the only
/// Confluence URLs that parse point at a closed loopback port or a link-local address the host guard refuses.
/// </summary>
public sealed class ConfigurePayloads(int seed)
{
    private static readonly string[] OddTexts =
    [
        "\u200Fright-to-left\u200F", "\u202Eevil\u202C", "emoji 😀🧪", "nul\u0000inside", "e\u0301\u0301\u0301", "\uFEFFbom",
        "zero\u200Bwidth", "\uFFFF\uFFFE", "Zoë", "مرحبا", "\u0000", " \t\n ", "lone \ud800 high", "lone \udc00 low", "\udbff\udfff",
        "line\r\nbreak", "\"quoted\"", "back\\slash", "<script>alert(1)</script>", "'; DROP TABLE Documents; --",
    ];

    private static readonly string[] ConfluenceUrls =
    [
        "http://127.0.0.1:9/", "http://127.0.0.1:9/wiki", "https://127.0.0.1:9", "http://169.254.169.254/", "ftp://127.0.0.1:9/",
        "http://127.0.0.1:9/page?x=1", "http://user:pw@127.0.0.1:9/", "not a url", "127.0.0.1:9", "http://127.0.0.1:9/some/page",
    ];

    private readonly Random _random = new(seed);

    public FuzzPayload Next(int index) => Chance(0.05) ? Broken(index) : Build(index);

    private FuzzPayload Build(int index)
    {
        var connector = Chance(0.6) ? "imap" : "confluence";
        var secret = $"S3cr3t-{index:D5}-{_random.Next(100_000, 999_999)}";
        var hidden = $"hidden-{index:D5}-marker";
        var body = new FuzzObject();
        AddProperty(body, "label", () => Chance(0.85) ? $"Fuzz {index}" : "Shared label");
        AddProperty(body, "projectKey", () => Pick("default", "acme-hr", "engineering", "no-such-project", ""));
        var (values, usedHidden) = connector == "imap" ? Imap(secret, hidden) : Confluence(secret);
        body.Add("values", Chance(0.93) ? values : WrongType());
        if (Chance(0.04))
        {
            body.Add(Pick("Label", "extra", "values2", ""), Value(() => "surprise"));
        }

        return new FuzzPayload(index, connector, FuzzJson.Write(body), secret, usedHidden ? hidden : null);
    }

    private (FuzzObject Values, bool UsedHidden) Imap(string secret, string hidden)
    {
        var values = new FuzzObject();
        var xoauth2 = Chance(0.12);
        var usedHidden = false;
        if (xoauth2 && Chance(0.7))
        {
            // Exactly xoauth2 (never mutated): only then are the server fields and the password hidden.
            values.Add("auth_mode", "xoauth2");
            AddField(values, "xoauth2_provider", () => Pick("google", "microsoft"), omitChance: 0.5);
            values.Add("host", hidden);
            values.Add("password", secret);
            usedHidden = true;
        }
        else if (xoauth2)
        {
            AddField(values, "auth_mode", () => "xoauth2", omitChance: 0.2);
            AddField(values, "xoauth2_provider", () => Pick("google", "microsoft"), omitChance: 0.5);
        }
        else
        {
            AddField(values, "auth_mode", () => "basic", omitChance: 0.5);
            if (Chance(0.15))
            {
                values.Add("xoauth2_provider", hidden);
                usedHidden = true;
            }

            AddField(values, "host", () => Chance(0.1) ? "fail.example.test" : $"imap{_random.Next(1000)}.example.test");
            AddField(values, "port", () => Pick<object>(993, 143, "993", 0, 70_000, 12.5), omitChance: 0.4);
            AddField(values, "encryption", () => Pick("ssl", "tls", "starttls", "none", "rot13"), omitChance: 0.4);
            AddField(values, "validate_cert", () => Pick<object>(true, false, "on", "no", "perhaps"), omitChance: 0.5);
            AddField(values, "password", () => secret);
        }

        AddField(values, "username", () => $"user{_random.Next(1000)}@example.test");
        AddUnknown(values);
        return (values, usedHidden);
    }

    private (FuzzObject Values, bool UsedHidden) Confluence(string secret)
    {
        var values = new FuzzObject();
        AddField(values, "base_url", () => Pick(ConfluenceUrls));
        AddField(values, "email", () => $"reader{_random.Next(1000)}@example.test");
        AddField(values, "api_token", () => secret);
        AddField(values, "space_keys", () => Pick("ENG, HR", "ENG", "~personal", "bad key!", ""), omitChance: 0.5);
        AddUnknown(values);
        return (values, false);
    }

    /// <summary>Not JSON: a valid-looking body cut, with a stray character, a trailing comma or single quotes.</summary>
    private FuzzPayload Broken(int index)
    {
        var valid = Build(index);
        var body = valid.Body;
        var broken = _random.Next(6) switch
        {
            0 => body[.._random.Next(body.Length)],
            1 => body.Insert(_random.Next(body.Length), Pick("{", "}", "\"", ",", ":", "\\", "]")),
            2 => body.TrimEnd('}') + ",}",
            3 => body.Replace('"', '\''),
            4 => body + " {\"again\": 1}",
            _ => "{\"label\": \"Fuzz\", \"label\": \"twice\"}",
        };
        return valid with { Body = broken };
    }

    private void AddProperty(FuzzObject body, string name, Func<object?> valid)
    {
        if (!Chance(0.3))
        {
            body.Add(name, Value(valid));
        }
    }

    private void AddField(FuzzObject values, string name, Func<object?> valid, double omitChance = 0.06)
    {
        if (!Chance(omitChance))
        {
            values.Add(name, Value(valid));
        }
    }

    private void AddUnknown(FuzzObject values)
    {
        if (Chance(0.06))
        {
            values.Add(Pick("colour", "HOST", "password ", "api-token", "__proto__"), Value(() => "unknown"));
        }
    }

    /// <summary>The valid value most of the time, else a wrong type, a huge or odd string, or blank.</summary>
    private object? Value(Func<object?> valid) => _random.NextDouble() switch
    {
        < 0.8 => valid(),
        < 0.86 => WrongType(),
        < 0.9 => Huge(),
        < 0.97 => Pick(OddTexts),
        _ => Pick<object?>("", "   ", null),
    };

    /// <summary>10k–20k characters: ASCII, accented, or emoji (two UTF-16 units each).</summary>
    private string Huge()
    {
        var length = _random.Next(10_000, 20_000);
        return _random.Next(3) switch
        {
            0 => new string('x', length),
            1 => new string('é', length),
            _ => string.Concat(Enumerable.Repeat("😀", length / 2)),
        };
    }

    private object? WrongType() => _random.Next(6) switch
    {
        0 => _random.Next(-5, 100_000),
        1 => _random.NextDouble() * 1e300,
        2 => Chance(0.5),
        3 => new FuzzObject { { "nested", "object" } },
        4 => new List<object?> { "array", 1, null },
        _ => null,
    };

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(params T[] choices) => choices[_random.Next(choices.Length)];
}
