namespace Connectors.Domain.Connectors.Forms;

public enum FieldType
{
    Text,
    Number,
    Password,
    Select,
    Checkbox,
    List,
}

/// <summary>Where a submitted value goes: Secret → the vault only; Connection →
/// <c>config.connection.&lt;name&gt;</c>; AuthMode, Provider, Config → <c>config.&lt;name&gt;</c>.</summary>
public enum FieldTarget
{
    Secret,
    Connection,
    AuthMode,
    Provider,
    Config,
}

public sealed record FieldOption(string Value, string Label)
{
    /// <summary>Why the option cannot be chosen on this deployment, in words for the tenant's admins; null when it can.</summary>
    public string? Unavailable { get; init; }

    /// <summary>What an operator sets to offer the option (a setting name): shown only as a detail for operators.</summary>
    public string? OperatorDetail { get; init; }
}

/// <summary>The field is visible only while <see cref="Field"/> has one of <see cref="Values"/>
/// (checkbox values compare as <c>true</c>/<c>false</c>).</summary>
public sealed record ShowIf(string Field, params IReadOnlyList<string> Values);

/// <summary>One field of a connector's form. <see cref="Default"/> is written as text and coerced
/// like a submitted value ("993", "true").</summary>
public sealed record FormField(string Name, string Label, FieldType Type, FieldTarget Target)
{
    public const int MaxTextLength = 1024;

    public bool Required { get; init; }
    public IReadOnlyList<FieldOption> Options { get; init; } = [];
    public string? Default { get; init; }
    public ShowIf? ShowIf { get; init; }
    public string? Group { get; init; }
    public string? Help { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public string? Placeholder { get; init; }

    /// <summary>Names a live source of options (e.g. <c>folders</c>) that the connector answers through
    /// <see cref="ISupportsSettings.DiscoverOptionsAsync"/>; only on List and Select fields of a settings
    /// form. Discovered options are suggestions: a value typed by hand stays valid.</summary>
    public string? Discovery { get; init; }

    /// <summary>The field belongs to the credential, not to one account (a site, an email, a server and login): a tenant
    /// credential holds it once for every account that uses it. Secret fields always do.</summary>
    public bool CredentialScoped { get; init; }

    /// <summary>Whether a tenant credential holds this field.</summary>
    public bool BelongsToCredential => Target == FieldTarget.Secret || CredentialScoped;
}

/// <summary>A connector's form, in display order.</summary>
public sealed record FormSchema(IReadOnlyList<FormField> Fields)
{
    public FormField? Find(string name) => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>Whether a tenant credential can be defined from this form: it marks connection fields as credential-scoped.</summary>
    public bool OffersTenantCredentials => Fields.Any(f => f.CredentialScoped);

    /// <summary>The form of a tenant credential: the fields that belong to the credential, in order. A condition on a
    /// field outside it (IMAP's "Authentication") is dropped — a tenant credential is the password kind.</summary>
    public FormSchema CredentialOnly() => new([.. Fields.Where(f => f.BelongsToCredential)
        .Select(f => f.ShowIf is { } showIf && Find(showIf.Field) is { BelongsToCredential: false } ? f with { ShowIf = null } : f)]);

    /// <summary>The account's part of the form when a tenant credential supplies the rest.</summary>
    public FormSchema WithoutCredential() => new([.. Fields.Where(f => !f.BelongsToCredential)]);
}

/// <summary>Implemented by connectors without OAuth: the host renders, validates, splits and
/// routes their credential form purely from this schema.</summary>
public interface ISupportsCredentialForm
{
    FormSchema CredentialForm { get; }

    /// <summary>The form as a tenant with its own OAuth apps (their slot keys, see <c>IOffersTenantOAuthApps</c>) sees it:
    /// an option the deployment cannot offer may be available through the tenant's app.</summary>
    FormSchema CredentialFormFor(IReadOnlySet<string> tenantOAuthApps) => CredentialForm;
}

/// <summary>A connector that can check credentials without storing them — a tenant credential's Test, and the check
/// before a tenant credential is saved or rotated.</summary>
public interface ISupportsCredentialVerification
{
    /// <summary>Signs in with the config of <paramref name="account"/> and <paramref name="secrets"/>; throws the connector
    /// exception that says why not. Stores nothing.</summary>
    Task VerifyAsync(Installations.ConnectorAccount account, IReadOnlyDictionary<string, string> secrets, CancellationToken ct);
}
