using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Internal;

namespace Connectors.Domain.Data.CompiledModels.Sqlite;

/// <summary>
/// Hand-written, kept when the compiled model is regenerated (docs/performance.md, "Cold start"): EF Core cannot
/// write query filters out as code, so the generated model has none and this adds the tenant filter back to every
/// tenant-owned entity — the same expression <see cref="ConnectorsDbContext"/> gives the model it builds at run time.
/// </summary>
public partial class SqliteConnectorsDbContextModel
{
    partial void Customize()
    {
        foreach (var entityType in ((IModel)this).GetEntityTypes().Cast<RuntimeEntityType>())
        {
            if (ConnectorsDbContext.IsTenantOwned(entityType.ClrType))
            {
                // The annotation a model built at run time carries (EF Core's internal QueryFilter types: EF1001).
#pragma warning disable EF1001
                entityType.AddAnnotation("QueryFilter",
                    new QueryFilterCollection([new RuntimeQueryFilter(null, ConnectorsDbContext.TenantFilter(entityType.ClrType))]));
#pragma warning restore EF1001
            }
        }
    }
}
