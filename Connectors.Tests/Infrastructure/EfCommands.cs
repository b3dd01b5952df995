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
/// </summary>
public static class EfCommands
{
    public static IDisposable AfterNonQuery(Func<DbCommand, bool> matches, Action then) =>
        new Subscription(RelationalEventId.CommandExecuted.Name!, matches, then);

    private sealed class Subscription : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _event;
        private readonly Func<DbCommand, bool> _matches;
        private readonly Action _then;
        private readonly List<IDisposable> _subscriptions = [];
        private readonly IDisposable _all;

        public Subscription(string eventName, Func<DbCommand, bool> matches, Action then)
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
            if (value.Key == _event && value.Value is CommandExecutedEventData { ExecuteMethod: DbCommandMethod.ExecuteNonQuery } data
                && _matches(data.Command))
            {
                _then();
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
