using Connectors.Domain.Connectors.GoogleDrive;
using Microsoft.Extensions.Configuration;

// Extension methods live in the DI namespace, as ASP.NET's own do.
namespace Microsoft.Extensions.DependencyInjection;

public static class GoogleDriveServiceCollectionExtensions
{
    /// <summary>The Google Drive connector. Its OAuth client comes from <c>Connectors:OAuth:google-drive</c>
    /// (without a client id it shows as "not configured"); sync limits from <c>Connectors:GoogleDrive</c>.</summary>
    public static IServiceCollection AddGoogleDriveConnector(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GoogleDriveOptions>()
            .Bind(configuration.GetSection(GoogleDriveOptions.Section))
            .Validate(o => o.MaxFileBytes > 0, $"{GoogleDriveOptions.Section}:{nameof(GoogleDriveOptions.MaxFileBytes)} must be a positive number of bytes.")
            .Validate(o => o.PageSize is >= 1 and <= 1000, $"{GoogleDriveOptions.Section}:{nameof(GoogleDriveOptions.PageSize)} must be between 1 and 1000.")
            .ValidateOnStart();
        return services.AddConnector<GoogleDriveConnector>();
    }
}
