using System.Text;
using MimeKit.Text;

namespace Connectors.Domain.Documents;

/// <summary>Readable text from HTML (a mail body, a Confluence page): block elements become line breaks, list items
/// bullets, entities are decoded, script and style dropped, runs of blank lines collapsed.</summary>
public static class HtmlText
{
    private static readonly HashSet<HtmlTagId> Blocks =
    [
        HtmlTagId.P, HtmlTagId.Div, HtmlTagId.Br, HtmlTagId.TR, HtmlTagId.Table, HtmlTagId.H1, HtmlTagId.H2, HtmlTagId.H3,
        HtmlTagId.H4, HtmlTagId.H5, HtmlTagId.H6, HtmlTagId.UL, HtmlTagId.OL, HtmlTagId.BlockQuote, HtmlTagId.Pre, HtmlTagId.HR,
    ];

    public static string Convert(string html)
    {
        var text = new StringBuilder();
        var tokenizer = new HtmlTokenizer(new StringReader(html)) { DecodeCharacterReferences = true };
        var skipping = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when tag.Id is HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.Head:
                    skipping += tag.IsEndTag ? -1 : tag.IsEmptyElement ? 0 : 1;
                    break;
                case HtmlTagToken tag when tag.Id == HtmlTagId.LI && !tag.IsEndTag:
                    text.Append("\n• ");
                    break;
                case HtmlTagToken tag when tag.Id is HtmlTagId.TD or HtmlTagId.TH && tag.IsEndTag:
                    text.Append('\t');
                    break;
                case HtmlTagToken tag when Blocks.Contains(tag.Id):
                    text.Append('\n');
                    break;
                case HtmlDataToken data when skipping <= 0:
                    text.Append(CollapseSpaces(data.Data));
                    break;
            }
        }

        return Tidy(text.ToString());
    }

    private static string CollapseSpaces(string data)
    {
        var result = new StringBuilder(data.Length);
        var space = false;
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                result.Append(' ');
            }

            space = false;
            result.Append(c);
        }

        if (space)
        {
            result.Append(' ');
        }

        return result.ToString();
    }

    private static string Tidy(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim().Replace("\t", " ", StringComparison.Ordinal).TrimEnd()).ToList();
        var output = new List<string>();
        foreach (var line in lines)
        {
            if (line.Length == 0 && (output.Count == 0 || output[^1].Length == 0))
            {
                continue;
            }

            output.Add(line);
        }

        return string.Join('\n', output).Trim();
    }
}
