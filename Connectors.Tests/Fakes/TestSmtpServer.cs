using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Connectors.Tests.Fakes;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer package) on a loopback port: it speaks SMTP with
/// AUTH PLAIN/LOGIN, requires the given credentials, and keeps every message it receives, parsed with MimeKit.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private TestSmtpServer(int port, string username, string password)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port)).AllowUnsecureAuthentication(true).AuthenticationRequired(true))
            .Build();
        var provider = new SmtpServer.ComponentModel.ServiceProvider();
        provider.Add(new Store(Messages, Received));
        provider.Add(new Authenticator(username, password, Logins));
        var server = new SmtpServer.SmtpServer(options, provider);
        _running = server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    /// <summary>Sign-ins the server accepted (user names).</summary>
    public ConcurrentQueue<string> Logins { get; } = new();

    /// <summary>Wakes when a message arrives (tests wait on it instead of polling).</summary>
    public SemaphoreSlim Received { get; } = new(0);

    /// <summary>The settings that point the app at this server.</summary>
    public Dictionary<string, string?> Settings(string username, string password) => new()
    {
        ["Connectors:Smtp:Host"] = "127.0.0.1",
        ["Connectors:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Connectors:Smtp:Security"] = "none",
        ["Connectors:Smtp:Sender"] = "connectors@acme.test",
        ["Connectors:Smtp:Username"] = username,
        ["Connectors:Smtp:Password"] = password,
    };

    public static TestSmtpServer Start(string username, string password) => new(FreePort(), username, password);

    /// <summary>Waits until <paramref name="count"/> messages have arrived in all.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (Messages.Count < count)
        {
            await Received.WaitAsync(cts.Token);
        }

        return [.. Messages];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> messages, SemaphoreSlim received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            received.Release();
            return SmtpResponse.Ok;
        }
    }

    private sealed class Authenticator(string username, string password, ConcurrentQueue<string> logins) : UserAuthenticator
    {
        public override Task<bool> AuthenticateAsync(ISessionContext context, string user, string secret, CancellationToken cancellationToken)
        {
            var ok = user == username && secret == password;
            if (ok)
            {
                logins.Enqueue(user);
            }

            return Task.FromResult(ok);
        }
    }
}
