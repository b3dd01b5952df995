using Connectors.Tests.Guide.JsonFeed;
using Microsoft.Extensions.Configuration;

// Extension methods live in the DI namespace, as ASP.NET's own do.
namespace Microsoft.Extensions.DependencyInjection;

public static class JsonFeedServiceCollectionExtensions
{
    /// <summary>The JSON Feed connector. It needs no deployment settings (the feed and its token are the
    /// account's); <c>Connectors:JsonFeed</c> only bounds how many pages one sync reads.</summary>
    public static IServiceCollection AddJsonFeedConnector(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JsonFeedOptions>()
            .Bind(configuration.GetSection(JsonFeedOptions.Section))
            .Validate(o => o.MaxPages > 0, $"{JsonFeedOptions.Section}:{nameof(JsonFeedOptions.MaxPages)} must be positive.")
            .ValidateOnStart();
        return services.AddConnector<JsonFeedConnector>();
    }
}
