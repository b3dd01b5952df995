using System.Text;

namespace Connectors.Domain.Connectors.Notion;

/// <summary>
/// Flattens a page's block tree into plain text, one line per block: headings as <c>#</c>…<c>###</c>,
/// bullets as <c>- </c>, numbered items counted per run, to-dos as <c>[ ]</c>/<c>[x]</c>, quotes and
/// callouts as <c>&gt; </c>, code fenced, table rows with <c>|</c> between cells. Children are indented
/// two spaces under the block that holds them; layout blocks without text of their own (columns, synced
/// blocks, tables) do not indent. Sub-pages appear by title only: they are documents of their own.
/// </summary>
public static class NotionBlockText
{
    private const string Indent = "  ";

    public static string Flatten(IReadOnlyList<NotionBlockNode> blocks)
    {
        var text = new StringBuilder();
        Append(blocks, 0, text);
        return text.ToString().TrimEnd('\n');
    }

    private static void Append(IReadOnlyList<NotionBlockNode> nodes, int depth, StringBuilder text)
    {
        var number = 0;
        foreach (var node in nodes)
        {
            number = node.Block.Type == "numbered_list_item" ? number + 1 : 0;
            var line = Line(node.Block, number);
            if (line is not null)
            {
                foreach (var part in line.Split('\n'))
                {
                    text.Append(' ', depth * Indent.Length).Append(part).Append('\n');
                }
            }

            Append(node.Children, line is null ? depth : depth + 1, text);
        }
    }

    /// <summary>The block's own text, or null when it has none (empty paragraphs, layout blocks).</summary>
    internal static string? Line(NotionBlock block, int number = 1)
    {
        var content = block.Content();
        var text = NotionRichText.ToPlainText(content.RichText);
        var caption = NotionRichText.ToPlainText(content.Caption);
        string? line = block.Type switch
        {
            "heading_1" => Prefixed("# ", text),
            "heading_2" => Prefixed("## ", text),
            "heading_3" => Prefixed("### ", text),
            "bulleted_list_item" => Prefixed("- ", text),
            "numbered_list_item" => Prefixed($"{number}. ", text),
            "to_do" => Prefixed(content.Checked == true ? "[x] " : "[ ] ", text),
            "quote" or "callout" => Prefixed("> ", text),
            "code" => text.Length == 0 ? null : $"```{(content.Language is null or "plain text" ? "" : content.Language)}\n{text}\n```",
            "equation" => content.Expression,
            "divider" => "---",
            "table_row" => content.Cells is { Count: > 0 } cells ? string.Join(" | ", cells.Select(NotionRichText.ToPlainText)) : null,
            "child_page" => Prefixed("Page: ", content.Title ?? ""),
            "child_database" => Prefixed("Database: ", content.Title ?? ""),
            "bookmark" or "embed" or "link_preview" => content.Url is null ? null : caption.Length > 0 ? $"{caption} ({content.Url})" : content.Url,
            "image" or "video" or "audio" or "file" or "pdf" => caption,
            _ => text,
        };
        return string.IsNullOrWhiteSpace(line) ? null : line;
    }

    private static string? Prefixed(string prefix, string text) => text.Length == 0 ? null : prefix + text;
}
