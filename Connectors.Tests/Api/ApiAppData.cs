using Connectors.Domain.Data;
using Connectors.Domain.Documents;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Api;

/// <summary>Reads and writes in acme's data behind the API's back, to arrange a test or check its effect.</summary>
public static class ApiAppData
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<int> AuditCountAsync(this ApiApp app)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(app.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>();
        return await db.AuditEntries.CountAsync(Ct);
    }

    public static async Task AddDocumentAsync(this ApiApp app, Guid accountId, string externalId)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(app.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>();
        db.Documents.Add(new Document
        {
            ProjectKey = "default", InstallationId = accountId, ConnectorKey = "imap", ExternalId = externalId,
            Title = externalId, Content = "text", ContentHash = "hash", MimeType = "text/plain",
        });
        await db.SaveChangesAsync(Ct);
    }

    public static async Task<bool> DocumentExistsAsync(this ApiApp app, string externalId)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(app.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>();
        return await db.Documents.AnyAsync(d => d.ExternalId == externalId, Ct);
    }
}
