using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>
/// A real Dovecot (Debian's dovecot-imapd) started as a child process on two free loopback ports:
/// plain IMAP with STARTTLS, and IMAPS, both with the self-signed snakeoil certificate. Users live in
/// a passwd-file that Dovecot re-reads when it changes, so tests add their own isolated mailboxes.
/// </summary>
public sealed partial class DovecotServer : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/dovecot";
    public const string Host = "127.0.0.1";

    private readonly string _root;
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly SemaphoreSlim _passwdLock = new(1, 1);

    private DovecotServer(string root, Process process, int imapPort, int imapsPort)
    {
        _root = root;
        _process = process;
        ImapPort = imapPort;
        ImapsPort = imapsPort;
        _process.ErrorDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        _process.BeginErrorReadLine();
    }

    public int ImapPort { get; }

    public int ImapsPort { get; }

    public string Log { get { lock (_log) { return _log.ToString(); } } }

    public static bool IsInstalled => File.Exists(Binary);

    /// <summary>Starts Dovecot; with <paramref name="oauthIntrospectionUrl"/> it also accepts SASL
    /// XOAUTH2, validating each bearer token at that RFC 7662 introspection endpoint.</summary>
    public static async Task<DovecotServer> StartAsync(string? oauthIntrospectionUrl = null)
    {
        var root = Directory.CreateTempSubdirectory("connectors-dovecot-").FullName;
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        foreach (var folder in new[] { "run", "state" })
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }

        Directory.CreateDirectory(Path.Combine(root, "mail"));
        File.SetUnixFileMode(Path.Combine(root, "mail"), (UnixFileMode)0b111_111_111);
        await File.WriteAllTextAsync(Path.Combine(root, "passwd"), "");
        var (imap, imaps) = (FreePort(), FreePort());
        var config = Path.Combine(root, "dovecot.conf");
        await File.WriteAllTextAsync(config, Config(root, imap, imaps, oauthIntrospectionUrl is not null));
        if (oauthIntrospectionUrl is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(root, "oauth2.conf.ext"),
                $"introspection_mode = post\nintrospection_url = {oauthIntrospectionUrl}\nusername_attribute = username\n" +
                "active_attribute = active\nactive_value = true\n");
        }

        var process = Process.Start(new ProcessStartInfo(Binary, ["-F", "-c", config]) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("dovecot did not start");
        var server = new DovecotServer(root, process, imap, imaps);
        await server.WaitUntilListeningAsync();
        return server;
    }

    /// <summary>Adds a mailbox user with a unique name derived from <paramref name="prefix"/>, and returns
    /// once Dovecot accepts its login.</summary>
    public async Task<string> AddUserAsync(string prefix, string password)
    {
        var user = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        await _passwdLock.WaitAsync();
        try
        {
            await File.AppendAllTextAsync(Path.Combine(_root, "passwd"), $"{user}:{{PLAIN}}{password}\n");
        }
        finally
        {
            _passwdLock.Release();
        }

        await WaitUntilAcceptedAsync(user, password);
        return user;
    }

    /// <summary>Changes a user's password in the passwd-file (as an admin of the mail server would) and returns once
    /// Dovecot accepts the new one — from then on the old one is refused.</summary>
    public async Task ChangePasswordAsync(string user, string newPassword)
    {
        await _passwdLock.WaitAsync();
        try
        {
            var path = Path.Combine(_root, "passwd");
            var lines = (await File.ReadAllLinesAsync(path))
                .Select(line => line.StartsWith(user + ":", StringComparison.Ordinal) ? $"{user}:{{PLAIN}}{newPassword}" : line);
            var lastRead = File.GetLastWriteTimeUtc(path);
            await File.WriteAllTextAsync(path, string.Join('\n', lines) + "\n");
            // Dovecot re-reads the file when its mtime (whole seconds) or size changed: a password of the same length
            // written within the second of the last change would go unnoticed for good.
            File.SetLastWriteTimeUtc(path, (DateTime.UtcNow > lastRead.AddSeconds(1) ? DateTime.UtcNow : lastRead).AddSeconds(2));
        }
        finally
        {
            _passwdLock.Release();
        }

        await WaitUntilAcceptedAsync(user, newPassword);
    }

    /// <summary>Dovecot re-reads the passwd-file at most once a second: a user appended in the same second
    /// as the last read is refused until the next one. Wait for that instead of letting a test flake.</summary>
    private async Task WaitUntilAcceptedAsync(string user, string password)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = await LoginAsync(user, password);
                await client.DisconnectAsync(quit: true);
                return;
            }
            catch (AuthenticationException) when (attempt < 30)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task<ImapClient> LoginAsync(string user, string password)
    {
        var client = new ImapClient();
        await client.ConnectAsync(Host, ImapPort, SecureSocketOptions.None);
        await client.AuthenticateAsync(user, password);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Dovecot's last writes racing the delete: the temp folder is the OS's to clean.
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"dovecot exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, ImapPort);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"dovecot did not listen on {ImapPort} within 15 s:\n{Log}");
    }

    private static string OAuthPassdb(string root) =>
        $"passdb {{\n  driver = oauth2\n  mechanisms = xoauth2\n  args = {root}/oauth2.conf.ext\n}}";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Config(string root, int imap, int imaps, bool oauth) => $$"""
        protocols = imap
        listen = 127.0.0.1
        base_dir = {{root}}/run
        state_dir = {{root}}/state
        log_path = /dev/stderr
        ssl = yes
        ssl_cert = </etc/ssl/certs/ssl-cert-snakeoil.pem
        ssl_key = </etc/ssl/private/ssl-cert-snakeoil.key
        ssl_dh = </usr/share/dovecot/dh.pem
        disable_plaintext_auth = no
        auth_mechanisms = plain login{{(oauth ? " xoauth2" : "")}}
        auth_failure_delay = 0
        mail_location = maildir:{{root}}/mail/%u
        {{(oauth ? OAuthPassdb(root) : "")}}
        passdb {
          driver = passwd-file
          args = scheme=PLAIN {{root}}/passwd
        }
        userdb {
          driver = static
          args = uid=nobody gid=nogroup home={{root}}/mail/%u
        }
        service anvil {
          unix_listener anvil-auth-penalty {
            mode = 0
          }
        }
        service imap-login {
          inet_listener imap {
            address = 127.0.0.1
            port = {{imap}}
          }
          inet_listener imaps {
            address = 127.0.0.1
            port = {{imaps}}
            ssl = yes
          }
        }
        """;
}
