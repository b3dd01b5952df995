namespace Connectors.Tests.Architecture;

/// <summary>Cycles in a directed graph of folder names: Tarjan's strongly connected components, each
/// component of two or more nodes written as <c>A ⇄ B ⇄ C</c>.</summary>
public static class StronglyConnected
{
    public static List<string> Cycles(List<(string From, string To)> edges)
    {
        // Tarjan's strongly connected components: any component of two or more folders is a cycle.
        var nodes = edges.SelectMany(e => new[] { e.From, e.To }).Distinct().ToList();
        var next = edges.ToLookup(e => e.From, e => e.To);
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var cycles = new List<string>();
        var counter = 0;

        void Visit(string v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in next[v])
            {
                if (index.TryGetValue(w, out var seen))
                {
                    if (onStack.Contains(w))
                    {
                        low[v] = Math.Min(low[v], seen);
                    }
                }
                else
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    cycles.Add(string.Join(" ⇄ ", component.Order()));
                }
            }
        }

        foreach (var n in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(n);
        }

        return cycles;
    }
}
