using System.Net;
using System.Net.Sockets;
using System.Text;
using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;
using Connectors.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>The attack run's port scanner with banner grabbing, closed: a zone-id spelling of loopback never
/// reaches a listener on this machine, and what a non-IMAP service (or a hostile IMAP server) sends before
/// sign-in never lands in the account's stored error.</summary>
public sealed class ImapRemoteTextTests
{
    private const string Canary = "banner-canary-7f3a";

    [Theory]
    [InlineData("::1%lo")]
    [InlineData("::1%1")]
    [InlineData("0:0:0:0:0:0:0:1%1")]
    [InlineData("[::1%lo]")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::127.0.0.1")]
    public async Task Create_LoopbackSpellingWhilePrivateHostsAreNotAllowed_NeverConnects(string host)
    {
        var listener = new TcpListener(host.Contains("127.0.0.1", StringComparison.Ordinal) ? IPAddress.Loopback : IPAddress.IPv6Loopback, 0);
        listener.Start();
        try
        {
            await using var strict = await ImapTestBed.CreateAsync(new Dictionary<string, string?> { ["Connectors:Network:AllowPrivateHosts"] = "false" });
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;

            var outcome = await strict.CreateAccountAsync(strict.Acme, "Scan", ImapTestBed.Basic(host, port, "none", false, "scanner", "pw"));

            outcome.Status.ShouldBe(InstallationStatus.Pending);
            outcome.Error.ShouldNotBeNull().ShouldContain("not allowed");
            listener.Pending().ShouldBeFalse($"'{host}' reached the loopback listener");
        }
        finally
        {
            listener.Stop();
        }
    }

    public static TheoryData<string, string> Servers() => new()
    {
        { "ssh", $"SSH-2.0-OpenSSH_9.6 {Canary}\r\n" },
        { "bye", $"* BYE {Canary} go away\r\n" },
        { "refusing", $"* OK {Canary} ready\r\n" },
        { "garbage", $"220 smtp.example {Canary} ESMTP\r\n" },
    };

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Create_ServerThatSendsItsOwnText_StoresTheProductsWordsOnly(string kind, string greeting)
    {
        using var server = new TalkingServer(greeting, reply: tag => $"{tag} NO [AUTHENTICATIONFAILED] {Canary} {kind}\r\n");
        await using var bed = await ImapTestBed.CreateAsync();

        var outcome = await bed.CreateAccountAsync(bed.Acme, "Talker", ImapTestBed.Basic("127.0.0.1", server.Port, "none", false, "someone", "pw"));

        outcome.Status.ShouldBe(InstallationStatus.Pending);
        outcome.Error.ShouldNotBeNull().ShouldNotContain(Canary);
        await using var scope = bed.As(bed.Acme);
        var stored = await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetAccountAsync(outcome.AccountId, TestContext.Current.CancellationToken);
        stored.Error.ShouldNotBeNull().Message.ShouldNotContain(Canary);
        stored.Error.Message.ShouldContain($"127.0.0.1:{server.Port}");
        bed.Logs.Lines.ShouldAllBe(line => !line.Contains(Canary), "a log line repeats what the server sent");
    }

    /// <summary>A TCP server that greets every connection and answers every tagged command with one line.</summary>
    private sealed class TalkingServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public TalkingServer(string greeting, Func<string, string> reply)
        {
            _listener.Start();
            _ = ServeAsync(greeting, reply);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task ServeAsync(string greeting, Func<string, string> reply)
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                _ = TalkAsync(client, greeting, reply);
            }
        }

        private async Task TalkAsync(TcpClient client, string greeting, Func<string, string> reply)
        {
            using (client)
            {
                try
                {
                    var stream = client.GetStream();
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(greeting), _stop.Token);
                    using var reader = new StreamReader(stream, Encoding.ASCII);
                    while (await reader.ReadLineAsync(_stop.Token) is { } line)
                    {
                        var tag = line.Split(' ', 2)[0];
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(reply(tag)), _stop.Token);
                    }
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    // The client hung up.
                }
            }
        }
    }
}
