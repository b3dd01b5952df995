using Connectors.Domain.Administration;
using Connectors.Domain.Errors;
using Connectors.Domain.Tenancy;

namespace Connectors.Web.Cli;

/// <summary>
/// <c>users set-password --email E</c>: an operator who lost a password (the seed's are printed once)
/// sets a new one. The password is one line of standard input — never an argument, never printed, never
/// logged — checked by Identity's password rules. A new security stamp ends the sessions signed in before (an open page
/// within a minute, a cookie at Identity's next stamp check, 30 minutes at most) and a lockout is lifted.
/// </summary>
internal sealed class UsersSetPasswordCommand(IServiceProvider services, TextReader stdin, TextWriter stdout)
{
    public async Task RunAsync(CliArguments args, CancellationToken ct)
    {
        var email = args.Required("email");
        args.EnsureAllUsed();
        var password = await stdin.ReadLineAsync(ct);
        if (string.IsNullOrEmpty(password))
        {
            throw new CliUsageException("No password on standard input: pipe it in, e.g. "
                + "`read -rs P && printf '%s\\n' \"$P\" | ... users set-password --email ...`.");
        }

        try
        {
            await services.GetRequiredService<UserDirectory>().SetPasswordAsync(email, password, ct);
        }
        catch (ValidationFailedException e)
        {
            // Named the way it was given, like the secret fields of `accounts add`.
            throw new CliUsageException(string.Join("; ", e.Errors.Select(p => $"{p.Key} (standard input): {p.Value}")));
        }

        await stdout.WriteLineAsync($"Password of '{email.Trim()}' set; any lockout is lifted, and sessions signed in before end at their next security check (30 minutes at most).");
    }
}
