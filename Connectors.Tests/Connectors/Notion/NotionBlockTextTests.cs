using System.Text.Json;
using Connectors.Domain.Connectors.Notion;

namespace Connectors.Tests.Connectors.Notion;

/// <summary>Turning Notion's block JSON into one text line per block.</summary>
public sealed class NotionBlockTextTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Flatten_TextBlocks_OneMarkedLinePerBlock()
    {
        var text = NotionBlockText.Flatten(
        [
            Node("heading_1", Rich("Guide")),
            Node("heading_2", Rich("Setup")),
            Node("heading_3", Rich("Tools")),
            Node("paragraph", Rich("Install ", "the CLI", ".")),
            Node("bulleted_list_item", Rich("Docker")),
            Node("to_do", Rich("Get access") + ", \"checked\": false"),
            Node("to_do", Rich("Read this") + ", \"checked\": true"),
            Node("quote", Rich("Measure twice")),
            Node("callout", Rich("Ask in #help") + ", \"icon\": { \"type\": \"emoji\", \"emoji\": \"💡\" }"),
            Node("toggle", Rich("Details")),
            Node("divider", ""),
            Node("equation", "\"expression\": \"e=mc^2\""),
        ]);

        text.ShouldBe("""
            # Guide
            ## Setup
            ### Tools
            Install the CLI.
            - Docker
            [ ] Get access
            [x] Read this
            > Measure twice
            > Ask in #help
            Details
            ---
            e=mc^2
            """);
    }

    [Fact]
    public void Flatten_NumberedItems_CountPerRunAndRestartAfterAnotherBlock()
    {
        var text = NotionBlockText.Flatten(
        [
            Node("numbered_list_item", Rich("One")),
            Node("numbered_list_item", Rich("Two")),
            Node("paragraph", Rich("Then")),
            Node("numbered_list_item", Rich("Again")),
        ]);

        text.ShouldBe("1. One\n2. Two\nThen\n1. Again");
    }

    [Fact]
    public void Flatten_NestedChildren_IndentedUnderTheirParentButNotUnderLayoutBlocks()
    {
        var text = NotionBlockText.Flatten(
        [
            Node("bulleted_list_item", Rich("Parent"),
                Node("bulleted_list_item", Rich("Child"),
                    Node("paragraph", Rich("Grandchild")))),
            Node("column_list", "",
                Node("column", "",
                    Node("paragraph", Rich("Left"))),
                Node("column", "",
                    Node("paragraph", Rich("Right")))),
        ]);

        text.ShouldBe("- Parent\n  - Child\n    Grandchild\nLeft\nRight");
    }

    [Fact]
    public void Flatten_CodeBlock_FencedWithItsLanguageAndLinesKept()
    {
        var text = NotionBlockText.Flatten(
        [
            Node("code", Rich("a = 1\nb = 2") + ", \"language\": \"python\", \"caption\": []"),
            Node("code", Rich("plain") + ", \"language\": \"plain text\""),
        ]);

        text.ShouldBe("```python\na = 1\nb = 2\n```\n```\nplain\n```");
    }

    [Fact]
    public void Flatten_TableRowsLinksAndSubPages_CellsSeparatedUrlsKeptSubPagesByTitleOnly()
    {
        var text = NotionBlockText.Flatten(
        [
            Node("table", "\"table_width\": 2, \"has_column_header\": true",
                Node("table_row", $"\"cells\": [[{Segment("Name")}], [{Segment("Owner")}]]"),
                Node("table_row", $"\"cells\": [[{Segment("API")}], []]")),
            Node("bookmark", $"\"caption\": [{Segment("Docs")}], \"url\": \"https://example.test/docs\""),
            Node("embed", "\"url\": \"https://example.test/embed\""),
            Node("child_page", "\"title\": \"Sub page\""),
            Node("child_database", "\"title\": \"Tasks\""),
        ]);

        text.ShouldBe("Name | Owner\nAPI | \nDocs (https://example.test/docs)\nhttps://example.test/embed\nPage: Sub page\nDatabase: Tasks");
    }

    [Fact]
    public void Flatten_EmptyAndUnsupportedBlocks_LeaveNoLines()
    {
        var text = NotionBlockText.Flatten(
        [
            Node("paragraph", "\"rich_text\": []"),
            Node("unsupported", ""),
            Node("image", "\"type\": \"external\", \"external\": { \"url\": \"https://example.test/a.png\" }, \"caption\": []"),
            Node("bulleted_list_item", "\"rich_text\": []"),
            Node("paragraph", Rich("Only line")),
        ]);

        text.ShouldBe("Only line");
    }

    [Fact]
    public void Title_PageWithANamedTitleProperty_IsThePlainTextOfTheTitleTypedProperty()
    {
        var page = JsonSerializer.Deserialize<NotionPage>($$"""
            {
              "object": "page", "id": "p1", "last_edited_time": "2026-10-01T09:05:00.000Z", "archived": false, "in_trash": false,
              "properties": {
                "Status": { "id": "s", "type": "select", "select": { "name": "Done" } },
                "Name": { "id": "title", "type": "title", "title": [{{Segment("Quarterly ")}}, {{Segment("plan")}}] }
              },
              "url": "https://www.notion.so/Quarterly-plan-p1"
            }
            """, Json)!;

        (page.Title, page.LastEditedTime, page.IsRemoved).ShouldBe(("Quarterly plan", new DateTimeOffset(2026, 10, 1, 9, 5, 0, TimeSpan.Zero), false));
    }

    private static NotionBlockNode Node(string type, string body, params NotionBlockNode[] children) =>
        new(JsonSerializer.Deserialize<NotionBlock>($$"""
            { "object": "block", "id": "{{Guid.NewGuid()}}", "type": "{{type}}", "has_children": {{(children.Length > 0 ? "true" : "false")}}, "{{type}}": { {{body}} } }
            """, Json)!, children);

    private static string Rich(params string[] segments) => $"\"rich_text\": [{string.Join(", ", segments.Select(Segment))}], \"color\": \"default\"";

    private static string Segment(string text) =>
        $$"""{ "type": "text", "text": { "content": {{JsonSerializer.Serialize(text)}}, "link": null }, "plain_text": {{JsonSerializer.Serialize(text)}}, "href": null }""";
}
