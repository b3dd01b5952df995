using System.Globalization;
using Connectors.Domain.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Web.Cli;

/// <summary>
/// <c>accounts settings --tenant SLUG --id ID [--field name=value ...] [--reset name ...]</c>: an account's settings (its
/// connector's filters) as the Settings dialog shows them, one line per field with its key, label and value (marked when
/// it is the default); with <c>--field</c> (a list field may repeat, or take commas) or <c>--reset</c>, changes them first
/// through the same validation and audit. Secrets are never settings.
/// </summary>
internal sealed class AccountSettingsCommand(IServiceProvider services, TextWriter stdout)
{
    public const string Verb = "accounts settings";

    public async Task RunAsync(CliArguments args, CancellationToken ct)
    {
        var slug = args.Required("tenant");
        var id = args.RequiredId("id");
        var fields = args.Many("field");
        var resets = args.Many("reset");
        args.EnsureAllUsed();
        await CliCommands.UseTenantAsync(services, slug, ct);
        var service = services.GetRequiredService<AccountSettingsService>();
        var settings = await service.GetAsync(id, ct);
        if (fields.Count > 0 || resets.Count > 0)
        {
            var values = CliFormValues.Parse(settings.Form, fields);
            foreach (var name in resets)
            {
                values[name] = null;
            }

            settings = await service.UpdateAsync(id, values, ct);
            await stdout.WriteLineAsync($"Settings of '{settings.Label}' saved; they take effect from the next sync.");
        }

        foreach (var field in settings.Form.Fields)
        {
            var value = settings.Values.GetValueOrDefault(field.Name);
            var text = value switch
            {
                null => "(none)",
                string[] { Length: 0 } => "(none)",
                string[] list => string.Join(", ", list),
                double number => number.ToString(CultureInfo.InvariantCulture),
                bool flag => flag ? "yes" : "no",
                _ => value.ToString(),
            };
            await stdout.WriteLineAsync($"{field.Name} ({field.Label}): {text}{(settings.Customized.Contains(field.Name) ? "" : " [default]")}");
        }
    }
}
