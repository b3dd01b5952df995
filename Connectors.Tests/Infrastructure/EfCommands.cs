using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Connectors.Tests.Infrastructure;

/// <summary>
/// Runs test code at an exact point inside product code: right after EF Core executed a command that
/// matches, on the thread that executed it and before the product's next statement. Built on EF Core's
/// diagnostic events, so the product's contexts need no test interceptor. Matching commands from other
/// tests running at the same time are excluded by the predicate (match on a parameter unique to the test).
/// Also records matching commands, to assert which statements a step sends.
/// </summary>
public static class EfCommands
{
    public static IDisposable AfterNonQuery(Func<DbCommand, bool> matches, Action then) =>
        new Subscription(RelationalEventId.CommandExecuted.Name!,
            (method, command) => method == DbCommandMethod.ExecuteNonQuery && matches(command), _ => then());

    /// <summary>Right after a matching query executed (its reader open, no row read yet).</summary>
    public static IDisposable AfterReader(Func<DbCommand, bool> matches, Action then) =>
        new Subscription(RelationalEventId.CommandExecuted.Name!,
            (method, command) => method == DbCommandMethod.ExecuteReader && matches(command), _ => then());

    /// <summary>Records the text of every executed command that matches, until disposed.</summary>
    public static Recording Record(Func<DbCommand, bool> matches)
    {
        var recording = new Recording();
        recording.Subscription = new Subscription(RelationalEventId.CommandExecuted.Name!, (_, command) => matches(command), recording.Add);
        return recording;
    }

    public sealed class Recording : IDisposable
    {
        private readonly List<string> _texts = [];

        internal IDisposable? Subscription { get; set; }

        public IReadOnlyList<string> Texts
        {
            get
            {
                lock (_texts)
                {
                    return [.. _texts];
                }
            }
        }

        internal void Add(DbCommand command)
        {
            lock (_texts)
            {
                _texts.Add(command.CommandText);
            }
        }

        public void Dispose() => Subscription?.Dispose();
    }

    private sealed class Subscription : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _event;
        private readonly Func<DbCommandMethod, DbCommand, bool> _matches;
        private readonly Action<DbCommand> _then;
        private readonly List<IDisposable> _subscriptions = [];
        private readonly IDisposable _all;

        public Subscription(string eventName, Func<DbCommandMethod, DbCommand, bool> matches, Action<DbCommand> then)
        {
            (_event, _matches, _then) = (eventName, matches, then);
            _all = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(listener.Subscribe(this, name => name == _event));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == _event && value.Value is CommandExecutedEventData data && _matches(data.ExecuteMethod, data.Command))
            {
                _then(data.Command);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _all.Dispose();
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
