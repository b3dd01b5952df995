namespace Connectors.Domain.Connectors.Forms;

/// <summary>A connector whose account has settings edited after install (the "Settings" action).
/// Values live in the account's config JSON.</summary>
public interface ISupportsSettings
{
    FormSchema SettingsForm { get; }
}
