namespace Connectors.Web.Cli;

/// <summary>Bad command-line input: printed as one line, exit code 1.</summary>
public sealed class CliUsageException(string message) : Exception(message);

/// <summary>The platform could not do what was asked (undecryptable data, say): one line, exit code 2.</summary>
public sealed class CliFailureException(string message) : Exception(message);

/// <summary>A verb's words and <c>--name value</c> options; flags are options without a value. An option
/// may be repeated (<c>--field a=1 --field b=2</c>): <see cref="Many"/> reads every value, the others the last.</summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _repeated = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private CliArguments(IReadOnlyList<string> words) => Words = words;

    public IReadOnlyList<string> Words { get; }

    public static CliArguments Parse(IReadOnlyList<string> args, IReadOnlySet<string> flags)
    {
        var words = new List<string>();
        var parsed = new CliArguments(words);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                words.Add(arg);
                continue;
            }

            var (name, inline) = arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0
                ? (arg[2..eq], arg[(eq + 1)..])
                : (arg[2..], null);
            if (name is "password" or "secret")
            {
                throw new CliUsageException($"--{name} is refused: secrets are read from standard input, never from an argument.");
            }

            string value;
            if (flags.Contains(name))
            {
                value = inline ?? "true";
            }
            else if (inline is not null)
            {
                value = inline;
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                throw new CliUsageException($"--{name} needs a value.");
            }

            parsed._options[name] = value;
            if (!parsed._repeated.TryGetValue(name, out var values))
            {
                parsed._repeated[name] = values = [];
            }

            values.Add(value);
        }

        return parsed;
    }

    public string Required(string name) =>
        Optional(name) is { Length: > 0 } value ? value : throw new CliUsageException($"--{name} is required.");

    public string? Optional(string name)
    {
        _used.Add(name);
        return _options.GetValueOrDefault(name);
    }

    public bool Flag(string name) => Optional(name) is "true";

    /// <summary>The id given as <c>--name</c> (required).</summary>
    public Guid RequiredId(string name) => Id(name, Required(name));

    /// <summary>Every id given as a repeated <c>--name</c>.</summary>
    public IReadOnlyList<Guid> ManyIds(string name) => [.. Many(name).Select(text => Id(name, text))];

    private static Guid Id(string name, string text) =>
        Guid.TryParse(text, out var id) ? id : throw new CliUsageException($"--{name} '{text}' is not an id.");

    /// <summary>Every value of a repeatable option, in the order given.</summary>
    public IReadOnlyList<string> Many(string name)
    {
        _used.Add(name);
        return _repeated.GetValueOrDefault(name) ?? [];
    }

    /// <summary>Refuses options the verb did not read, so a typo is an error rather than ignored.</summary>
    public void EnsureAllUsed()
    {
        if (_options.Keys.FirstOrDefault(k => !_used.Contains(k)) is { } unknown)
        {
            throw new CliUsageException($"Unknown option --{unknown}.");
        }
    }
}
