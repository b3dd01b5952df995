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
}

/// <summary>A connector's form, in display order.</summary>
public sealed record FormSchema(IReadOnlyList<FormField> Fields)
{
    public FormField? Find(string name) => Fields.FirstOrDefault(f => f.Name == name);
}

/// <summary>Implemented by connectors without OAuth: the host renders, validates, splits and
/// routes their credential form purely from this schema.</summary>
public interface ISupportsCredentialForm
{
    FormSchema CredentialForm { get; }
}
