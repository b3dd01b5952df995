using System.Text.Json.Nodes;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Installations;
using Connectors.Domain.Credentials;
using Connectors.Domain.Errors;

namespace Connectors.Domain.Checks;

/// <summary>
/// Signs in with a tenant credential without storing anything: the connector's <see cref="ISupportsCredentialVerification"/>
/// against a stand-in account holding only the credential's connection fields. Used before a credential is saved or
/// rotated, by its Test button, and by the scheduled credential checks. A refusal is a <see cref="ValidationFailedException"/>
/// on <c>values</c> in the product's words.
/// </summary>
public static class CredentialProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task VerifyAsync(IConnector connector, TenantCredential credential, IReadOnlyDictionary<string, string> secrets, CancellationToken ct)
    {
        var probe = new ConnectorAccount(credential.Id, credential.TenantId, credential.ConnectorKey, credential.Name, "",
            new JsonObject { [CredentialResolution.ConnectionKey] = JsonNode.Parse(credential.ConnectionJson) });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await ((ISupportsCredentialVerification)connector).VerifyAsync(probe, secrets, timeout.Token);
        }
        catch (ConnectorException e)
        {
            throw new ValidationFailedException("values", $"{connector.DisplayName} refused the credential: {e.Message}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ValidationFailedException("values", $"{connector.DisplayName} did not answer within {Timeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>What a test leaves on the credential: passed, or failed with its message (capped).</summary>
    public static void Record(TenantCredential credential, string? failure, DateTime now)
    {
        credential.TestStatus = failure is null ? CredentialTestStatus.Passed : CredentialTestStatus.Failed;
        credential.TestMessage = Message(failure);
        credential.TestedAt = now;
    }

    public static string? Message(string? failure) =>
        failure is null ? null : failure.Length > TenantCredential.MessageMaxLength ? failure[..TenantCredential.MessageMaxLength] : failure;
}
