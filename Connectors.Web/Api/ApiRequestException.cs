namespace Connectors.Web.Api;

/// <summary>The request body itself is unusable: 400 when it cannot be read (malformed JSON, not UTF-8), 415
/// when it is not JSON. A readable request with wrong values is a <see cref="Connectors.Domain.Errors.ValidationFailedException"/>
/// (422 naming the fields), like any other validation failure.</summary>
public sealed class ApiRequestException(int status, string title, string? detail = null) : Exception(detail ?? title)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;

    public static ApiRequestException Unreadable(string detail) =>
        new(StatusCodes.Status400BadRequest, "The request body could not be read.", detail: detail);
}
