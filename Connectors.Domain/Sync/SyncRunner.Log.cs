using Connectors.Domain.Installations;
using Microsoft.Extensions.Logging;

namespace Connectors.Domain.Sync;

public sealed partial class SyncRunner
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync of account {AccountId} failed ({Category}), attempt {Attempt}; account {Status}.")]
    private partial void LogFailed(Guid accountId, SyncErrorCategory category, int attempt, InstallationStatus status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sync of account {AccountId} (run {RunId}) failed unexpectedly.")]
    private partial void LogUnexpected(Exception e, Guid accountId, Guid runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync of account {AccountId} (run {RunId}): the connection failed ({ExceptionType}); a transient failure.")]
    private partial void LogTransient(Exception e, Guid accountId, Guid runId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} went from {Seen} to {Now} while it synced: the run's result is recorded, the account keeps {Now}.")]
    private partial void LogAdminChoiceKept(Guid accountId, InstallationStatus seen, InstallationStatus now);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync of account {AccountId} (run {RunId}) stopped: its heartbeat had stalled and another node recovered the run.")]
    private partial void LogTakenOver(Guid accountId, Guid runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} was deleted while it synced; its runs went with it.")]
    private partial void LogAccountGone(Guid accountId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync of account {AccountId} (run {RunId}) was interrupted by shutdown and queued again.")]
    private partial void LogRequeued(Guid accountId, Guid runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the progress of run {RunId}.")]
    private partial void LogFlushFailed(Exception e, Guid runId);
}
