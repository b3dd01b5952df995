namespace Connectors.Web.Cli;

/// <summary>Bad command-line input: printed as one line, exit code 1.</summary>
public sealed class CliUsageException(string message) : Exception(message);

/// <summary>A verb's words and <c>--name value</c> options; flags are options without a value.</summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
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

            if (flags.Contains(name))
            {
                parsed._options[name] = inline ?? "true";
            }
            else if (inline is not null)
            {
                parsed._options[name] = inline;
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                parsed._options[name] = args[++i];
            }
            else
            {
                throw new CliUsageException($"--{name} needs a value.");
            }
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

    /// <summary>Refuses options the verb did not read, so a typo is an error rather than ignored.</summary>
    public void EnsureAllUsed()
    {
        if (_options.Keys.FirstOrDefault(k => !_used.Contains(k)) is { } unknown)
        {
            throw new CliUsageException($"Unknown option --{unknown}.");
        }
    }
}
