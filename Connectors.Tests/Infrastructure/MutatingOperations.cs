using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Infrastructure;

/// <summary>Every mutating operation of the domain services, by name, against one existing account —
/// the rows of the authorization matrices.</summary>
public static class MutatingOperations
{
    public static readonly IReadOnlyList<string> Names =
        ["Create", "Reconnect", "BeginOAuth", "Update", "UpdateSettings", "DiscoverSettingOptions", "Pause", "Resume", "TestConnection", "SyncNow", "Delete", "AddProject", "RenameProject"];

    public static Func<Task> For(IServiceProvider sp, string operation, Guid account, CancellationToken ct)
    {
        var accounts = sp.GetRequiredService<ConnectorInstallationService>();
        var configure = sp.GetRequiredService<ConfigureConnectorService>();
        return operation switch
        {
            "Create" => () => configure.CreateAsync(TestMailConnector.ConnectorKey, ConnectorsTestBed.MailSubmission("Sales"), ct),
            "Reconnect" => () => configure.ReconnectAsync(account, ConnectorsTestBed.MailSubmission(null), ct),
            "BeginOAuth" => () => accounts.BeginOAuthAsync(TestDriveConnector.ConnectorKey, "Drive", null, ct),
            "Update" => () => accounts.UpdateAsync(account, new AccountEdit("Renamed", null, null), ct),
            "UpdateSettings" => () => sp.GetRequiredService<AccountSettingsService>().UpdateAsync(
                account, new Dictionary<string, object?> { ["folders.include"] = new[] { "INBOX" } }, ct),
            "DiscoverSettingOptions" => () => sp.GetRequiredService<AccountSettingsService>().DiscoverAsync(account, "folders.include", ct),
            "Pause" => () => accounts.PauseAsync(account, ct),
            "Resume" => () => accounts.ResumeAsync(account, ct),
            "TestConnection" => () => accounts.TestConnectionAsync(account, ct),
            "SyncNow" => () => accounts.SyncNowAsync(account, ct),
            "Delete" => () => accounts.DeleteAsync(account, deleteDocuments: false, ct),
            "AddProject" => () => sp.GetRequiredService<ProjectRegistry>().AddAsync("new-project", "New", ct),
            "RenameProject" => () => sp.GetRequiredService<ProjectRegistry>().RenameAsync("acme-hr", "Renamed", ct),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
    }
}
