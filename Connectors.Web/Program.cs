using Connectors.Web.Cli;
using Connectors.Web.Extensions;

// The executable doubles as the admin CLI: a verb runs and exits without starting the web server.
if (ConnectorsCli.IsVerb(args))
{
    return await ConnectorsCli.RunAsync(args, Console.In, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(AppContentRoot.Options(args));
builder.AddConnectorsWeb();

var app = builder.Build();
await app.MigrateAndSeedAsync();
app.UseConnectorsWeb();
app.MapConnectorsWeb();
await app.RunAsync();
return 0;

/// <summary>The web host's entry point (public so tests can host it).</summary>
public partial class Program;
