using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors;
using Connectors.Domain.Installations;

namespace Connectors.Web.Api;

/// <summary>The browser must go to <see cref="AuthorizeUrl"/> (signed in as the same user) to finish the
/// account's connection; the account stays Pending until the provider's callback completes it.</summary>
public sealed record AuthorizeResponse(Guid AccountId, Uri AuthorizeUrl, AccountSummary? Account);

/// <summary>A manual sync was queued (and handed to the scheduler): follow it in the account's runs.</summary>
public sealed record SyncQueuedResponse(Guid AccountId, Guid RunId);

/// <summary>The connection test's answer (its message never carries a secret) and the account after it.</summary>
public sealed record ConnectionTestResponse(HealthState State, string Message, AccountSummary Account);
