namespace Connectors.Domain.Installations;

public enum InstallationStatus
{
    Pending,
    Active,
    Paused,
    NeedsReconnect,
    Error,
}

public enum ConnectionTestStatus
{
    Untested,
    Passed,
    Failed,
}
