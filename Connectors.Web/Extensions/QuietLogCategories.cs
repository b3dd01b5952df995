namespace Connectors.Web.Extensions;

/// <summary>
/// EF Core logs every failed command at Error, with the SQL and a stack trace — also the expected ones: a
/// duplicate label or a second "Sync now" is a unique-index violation the domain turns into its refusal
/// (DuplicateLabelException, AlreadySyncingException). Those refusals are answers, not faults, so these
/// categories are quiet; a failure nobody expected still reaches the log, in full, from whoever handles it
/// (the API's 500 handler, the sync job, the CLI's exit code 2).
/// </summary>
public static class QuietLogCategories
{
    public static readonly IReadOnlyList<string> All =
        ["Microsoft.EntityFrameworkCore.Database.Command", "Microsoft.EntityFrameworkCore.Update"];

    public static ILoggingBuilder QuietExpectedDatabaseRefusals(this ILoggingBuilder logging)
    {
        foreach (var category in All)
        {
            logging.AddFilter(category, LogLevel.None);
        }

        return logging;
    }
}
