using System.Globalization;
using System.Text;

namespace Connectors.Tests.Fakes;

/// <summary>
/// The part of Drive's <c>q</c> search syntax the connector sends, parsed like Drive does: conditions joined by
/// <c>and</c>, a parenthesised group joined by <c>or</c>, and the terms <c>trashed = true|false</c>,
/// <c>mimeType = '…'</c>, <c>mimeType != '…'</c>, <c>modifiedTime &gt; 'RFC 3339'</c> and <c>'id' in parents</c>; strings
/// single-quoted with <c>\'</c> and <c>\\</c> escapes. Anything else is refused (Drive's 400 "Invalid Value").
/// </summary>
internal static class FakeDriveQuery
{
    public static Func<FakeDriveFile, bool>? TryParse(string q)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return _ => true;
        }

        try
        {
            var tokens = Tokenize(q);
            var position = 0;
            var all = new List<Func<FakeDriveFile, bool>>();
            do
            {
                all.Add(Term(tokens, ref position));
            }
            while (position < tokens.Count && Take(tokens, ref position, "and"));

            return position == tokens.Count ? f => all.TrueForAll(c => c(f)) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static Func<FakeDriveFile, bool> Term(List<string> tokens, ref int position)
    {
        if (!Take(tokens, ref position, "("))
        {
            return Condition(tokens, ref position);
        }

        var any = new List<Func<FakeDriveFile, bool>>();
        do
        {
            any.Add(Condition(tokens, ref position));
        }
        while (Take(tokens, ref position, "or"));

        return Take(tokens, ref position, ")") ? f => any.Exists(c => c(f)) : throw new FormatException("')' expected");
    }

    private static Func<FakeDriveFile, bool> Condition(List<string> tokens, ref int position)
    {
        if (position + 3 > tokens.Count)
        {
            throw new FormatException("condition expected");
        }

        var (left, op, right) = (tokens[position], tokens[position + 1], tokens[position + 2]);
        position += 3;
        return (left, op) switch
        {
            ("trashed", "=") when right is "true" or "false" => f => f.Trashed == (right == "true"),
            ("mimeType", "=") => f => f.MimeType == Text(right),
            ("mimeType", "!=") => f => f.MimeType != Text(right),
            ("modifiedTime", ">") => Time(Text(right)) is var after ? f => f.ModifiedTime > after : throw new FormatException(),
            (_, "in") when right == "parents" => f => f.Parent == Text(left),
            _ => throw new FormatException($"'{left} {op} {right}' is not understood"),
        };
    }

    private static DateTime Time(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static string Text(string token) =>
        token.Length >= 2 && token[0] == '\'' && token[^1] == '\'' ? token[1..^1] : throw new FormatException($"{token} is not a string");

    private static bool Take(List<string> tokens, ref int position, string expected)
    {
        if (position < tokens.Count && tokens[position] == expected)
        {
            position++;
            return true;
        }

        return false;
    }

    /// <summary>Words, operators, parentheses and quoted strings (kept with their quotes, escapes resolved).</summary>
    private static List<string> Tokenize(string q)
    {
        var tokens = new List<string>();
        for (var i = 0; i < q.Length;)
        {
            var c = q[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c == '\'')
            {
                var text = new StringBuilder("'");
                for (i++; i < q.Length && q[i] != '\''; i++)
                {
                    text.Append(q[i] == '\\' && i + 1 < q.Length ? q[++i] : q[i]);
                }

                tokens.Add(i < q.Length ? text.Append('\'').ToString() : throw new FormatException("unterminated string"));
                i++;
            }
            else
            {
                var start = i;
                while (i < q.Length && !char.IsWhiteSpace(q[i]) && q[i] is not ('(' or ')' or '\''))
                {
                    i++;
                }

                tokens.Add(q[start..i]);
            }
        }

        return tokens;
    }
}
