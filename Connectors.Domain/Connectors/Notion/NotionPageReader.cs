namespace Connectors.Domain.Connectors.Notion;

/// <summary>
/// Reads a page's blocks (the page id is the id of its top block list) page by page, and the children
/// of every block that has some, down to <see cref="MaxDepth"/> levels. Sub-pages and inline databases
/// are not entered: they are listed by search as documents of their own.
/// </summary>
internal sealed class NotionPageReader(NotionApi api)
{
    /// <summary>Levels of blocks read under a page; deeper content is left out.</summary>
    public const int MaxDepth = 5;

    public Task<IReadOnlyList<NotionBlockNode>> ReadAsync(string pageId, CancellationToken ct) => ReadChildrenAsync(pageId, 1, ct);

    private async Task<IReadOnlyList<NotionBlockNode>> ReadChildrenAsync(string blockId, int depth, CancellationToken ct)
    {
        var nodes = new List<NotionBlockNode>();
        string? cursor = null;
        do
        {
            var list = await api.BlockChildrenAsync(blockId, cursor, ct);
            foreach (var block in list.Results)
            {
                var children = block.HasChildren && depth < MaxDepth && !IsSeparatePage(block)
                    ? await ReadChildrenAsync(block.Id, depth + 1, ct)
                    : [];
                nodes.Add(new NotionBlockNode(block, children));
            }

            // A cursor that does not move would loop forever: treat it as the end.
            cursor = list.HasMore && list.NextCursor != cursor ? list.NextCursor : null;
        }
        while (cursor is not null);

        return nodes;
    }

    private static bool IsSeparatePage(NotionBlock block) => block.Type is "child_page" or "child_database";
}
