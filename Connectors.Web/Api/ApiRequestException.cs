namespace Connectors.Web.Api;

/// <summary>The request itself is unusable (malformed JSON, wrong shape, wrong types, a bad query value).
/// <see cref="Errors"/> names the fields when there are fields to name; <see cref="Status"/> is 400 for a
/// body that cannot be read and 422 for one that can but is wrong.</summary>
public sealed class ApiRequestException(int status, string title, IReadOnlyDictionary<string, string>? errors = null, string? detail = null)
    : Exception(detail ?? title)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;
    public IReadOnlyDictionary<string, string> Errors { get; } = errors ?? new Dictionary<string, string>();

    public static ApiRequestException Unreadable(string detail) =>
        new(StatusCodes.Status400BadRequest, "The request body could not be read.", detail: detail);

    public static ApiRequestException Invalid(IReadOnlyDictionary<string, string> errors) =>
        new(StatusCodes.Status422UnprocessableEntity, "The request is not valid.", errors);

    public static ApiRequestException Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string> { [field] = message });
}
