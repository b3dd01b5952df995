using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Imap;
using Connectors.Domain.Documents;
using Connectors.Domain.Installations;
using Connectors.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>The test bed with the real IMAP connector registered, and shortcuts to create IMAP
/// accounts and run their syncs the way the sync engine will.</summary>
public static class ImapTestBed
{
    public static Task<ConnectorsTestBed> CreateAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null) =>
        ConnectorsTestBed.CreateAsync(settings, (services, configuration) =>
        {
            services.AddImapConnector(configuration);
            configure?.Invoke(services);
        });

    public static Dictionary<string, object?> Basic(string host, int port, string encryption, bool validateCert, string username, string password) => new()
    {
        ["auth_mode"] = "basic",
        ["host"] = host,
        ["port"] = port,
        ["encryption"] = encryption,
        ["validate_cert"] = validateCert,
        ["username"] = username,
        ["password"] = password,
    };

    public static async Task<ConfigureOutcome> CreateAccountAsync(
        this ConnectorsTestBed bed, Guid tenantId, string label, Dictionary<string, object?> values, string? projectKey = null)
    {
        await using var scope = bed.As(tenantId);
        return await scope.ServiceProvider.GetRequiredService<ConfigureConnectorService>().CreateAsync(
            ImapConnector.ConnectorKey, new CredentialSubmission(label, projectKey, values), TestContext.Current.CancellationToken);
    }

    /// <summary>Runs the connector's sync into the document store, as the scheduler will.</summary>
    public static async Task<SyncResult> SyncAsync(this ConnectorsTestBed bed, Guid tenantId, Guid accountId, bool full = false)
    {
        await using var scope = bed.As(tenantId);
        var sp = scope.ServiceProvider;
        var summary = await sp.GetRequiredService<AccountQueries>().GetAccountAsync(accountId, TestContext.Current.CancellationToken);
        var account = new ConnectorAccount(summary.Id, tenantId, summary.ConnectorKey, summary.Label, summary.ResolvedProjectKey, summary.Config);
        var connector = sp.GetRequiredService<ConnectorRegistry>().Find(ImapConnector.ConnectorKey)!;
        var sink = sp.GetRequiredService<DocumentStore>().For(account);
        var context = new SyncContext(account, sink, new Progress<SyncProgress>());
        var result = full
            ? await connector.SyncFullAsync(context, TestContext.Current.CancellationToken)
            : await connector.SyncIncrementalAsync(context, DateTime.UtcNow, TestContext.Current.CancellationToken);
        await sink.CommitRemovalsAsync(Guid.NewGuid(), 0.2, 50, TestContext.Current.CancellationToken); // As the runner does when the run ends.
        return result;
    }

    public static MimeMessage Message(string subject, string body, string from = "customer@example.test", DateTimeOffset? date = null) =>
        new([MailboxAddress.Parse(from)], [MailboxAddress.Parse("support@acme.test")], subject, new TextPart("plain") { Text = body })
        {
            MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("tests.example"),
            Date = date ?? DateTimeOffset.UtcNow.AddHours(-1),
        };
}
