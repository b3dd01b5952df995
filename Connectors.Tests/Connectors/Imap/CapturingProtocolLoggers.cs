using System.Collections.Concurrent;
using System.Text;
using Connectors.Domain.Connectors.Imap;
using MailKit;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>Keeps the IMAP conversation of every session, so tests can see the commands sent.</summary>
public sealed class CapturingProtocolLoggers : IProtocolLoggerFactory
{
    private readonly ConcurrentQueue<MemoryStream> _sessions = new();

    /// <summary>Off: sessions opened meanwhile are not recorded (a benchmark's timed part logs as production does).</summary>
    public bool Enabled { get; set; } = true;

    public IProtocolLogger Create()
    {
        if (!Enabled)
        {
            return new NullProtocolLogger();
        }

        var stream = new MemoryStream();
        _sessions.Enqueue(stream);
        return new ProtocolLogger(stream, leaveOpen: true);
    }

    /// <summary>Forgets the sessions recorded so far.</summary>
    public void Clear() => _sessions.Clear();

    public string Transcript => string.Join("\n", _sessions.Select(s => Encoding.UTF8.GetString(s.ToArray())));
}
