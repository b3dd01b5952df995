namespace Connectors.Web.Components.Pages.Projects;

/// <summary>What the project dialog edits: a null <see cref="Key"/> creates a project, otherwise
/// the project with that key is renamed (its key never changes).</summary>
public sealed record ProjectEdit(string? Key, string Name)
{
    public bool IsNew => Key is null;
}
