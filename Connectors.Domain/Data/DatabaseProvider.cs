using Microsoft.Extensions.Configuration;

namespace Connectors.Domain.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>Reads <c>Database:Provider</c> and the <c>Connectors</c> connection string.</summary>
public static class DatabaseSettings
{
    public const string DefaultConnectionString = "Data Source=data/connectors.db";

    public static DatabaseProvider Provider(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }

        return Enum.TryParse<DatabaseProvider>(value.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException(
                $"Database:Provider '{value}' is not supported. Valid values: {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.");
    }

    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Connectors") is { Length: > 0 } cs ? cs : DefaultConnectionString;
}
