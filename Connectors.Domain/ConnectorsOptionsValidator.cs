using System.Globalization;
using Microsoft.Extensions.Options;

namespace Connectors.Domain;

/// <summary>Start-up checks of the <c>Connectors</c> section's check, SMTP and notification settings: a bad value
/// stops the node naming the key, instead of surfacing as a failed sweep or delivery hours later.</summary>
internal sealed class ConnectorsOptionsValidator : IValidateOptions<ConnectorsOptions>
{
    private const string Section = ConnectorsOptions.Section;

    public ValidateOptionsResult Validate(string? name, ConnectorsOptions options)
    {
        var failures = new List<string>();
        void Require(bool ok, string key, string rule)
        {
            if (!ok)
            {
                failures.Add($"{Section}:{key} {rule}.");
            }
        }

        Require(options.Checks.DefaultMinutes is >= 15 and <= 10080, "Checks:DefaultMinutes", "must be between 15 and 10080 minutes");
        Require(options.Checks.SweepSeconds is >= 1 and <= 3600, "Checks:SweepSeconds", "must be between 1 and 3600");
        Require(options.Checks.Parallelism is >= 1 and <= 64, "Checks:Parallelism", "must be between 1 and 64");
        foreach (var (key, minutes) in options.PerConnectorCheckMinutes)
        {
            Require(minutes is >= 15 and <= 10080, $"PerConnectorCheckMinutes:{key}", "must be between 15 and 10080 minutes");
        }

        Require(options.Smtp.Security is "none" or "starttls" or "ssl", "Smtp:Security", "must be none, starttls or ssl");
        Require(options.Smtp.Port is >= 1 and <= 65535, "Smtp:Port", "must be a port number (1–65535)");
        Require(System.Net.Mail.MailAddress.TryCreate(options.Smtp.Sender, out _), "Smtp:Sender", "must be an email address");

        Require(options.Notifications.DedupMinutes is >= 0 and <= 10080, "Notifications:DedupMinutes", "must be between 0 and 10080");
        Require(options.Notifications.PollSeconds is >= 1 and <= 3600, "Notifications:PollSeconds", "must be between 1 and 3600");
        Require(options.Notifications.TimeoutSeconds is >= 1 and <= 300, "Notifications:TimeoutSeconds", "must be between 1 and 300");
        Require(RetryDelaysAreValid(options.Notifications.RetryDelaysSeconds), "Notifications:RetryDelaysSeconds",
            "must be a comma-separated list of 1 to 10 waits in seconds (each 1–86400)");

        Require(options.Preview.TimeoutSeconds is >= 1 and <= 300, "Preview:TimeoutSeconds", "must be between 1 and 300");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool RetryDelaysAreValid(string? value)
    {
        var parts = (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length is >= 1 and <= 10
            && parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 1 and <= 86400);
    }
}
