using Microsoft.Extensions.Logging;

namespace Connectors.Domain.Sync;

public sealed partial class SyncRunner
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Sync of account {AccountId} (run {RunId}) failed unexpectedly.")]
    private partial void LogUnexpected(Exception e, Guid accountId, Guid runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync of account {AccountId} (run {RunId}): the connection failed ({ExceptionType}); a transient failure.")]
    private partial void LogTransient(Exception e, Guid accountId, Guid runId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync of account {AccountId} (run {RunId}) stopped: its heartbeat had stalled and another node recovered the run.")]
    private partial void LogTakenOver(Guid accountId, Guid runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync of account {AccountId} (run {RunId}) was interrupted by shutdown and queued again.")]
    private partial void LogRequeued(Guid accountId, Guid runId);
}
