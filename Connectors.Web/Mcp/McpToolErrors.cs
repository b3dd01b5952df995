using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Domain.Errors;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Connectors.Web.Mcp;

/// <summary>
/// Turns the domain's refusals into tool errors with the API's meanings — <c>validation</c> naming each field
/// (the API's 422), <c>not-found</c> (404: another tenant's account too), <c>forbidden</c> (403), <c>conflict</c>
/// ("already syncing", 409) — as text an agent reads and as structured content it can act on. The messages are
/// the product's own (never a secret, never a remote server's body). Anything else is logged and answered with
/// "failed unexpectedly", like the API's 500.
/// </summary>
public static partial class McpToolErrors
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Filter(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, ct) =>
        {
            try
            {
                return await next(context, ct);
            }
            catch (Exception e) when (Describe(e) is { } error)
            {
                return error;
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not ModelContextProtocol.McpException)
            {
                var logger = context.Services?.GetService<ILoggerFactory>()?.CreateLogger(typeof(McpToolErrors).FullName!);
                if (logger is not null)
                {
                    LogUnexpected(logger, e, context.Params?.Name ?? "?");
                }

                return Error("unexpected", "The tool failed unexpectedly; the server log has the details.");
            }
        };

    /// <summary>The tool error for a domain refusal; null for anything else.</summary>
    public static CallToolResult? Describe(Exception exception) => exception switch
    {
        AlreadySyncingException e => Error("conflict", e.Message),
        DuplicateLabelException e => Error("validation", "The label is already taken.", e.Errors),
        ValidationFailedException e => Error("validation", "The request is not valid.", e.Errors),
        NotFoundException e => Error("not-found", e.Message),
        AccessDeniedException e => Error("forbidden", e.Message),
        _ => null,
    };

    private static CallToolResult Error(string kind, string message, IReadOnlyDictionary<string, string>? fields = null)
    {
        var text = fields is null or { Count: 0 }
            ? message
            : $"{message} {string.Join(" ", fields.Select(f => $"{f.Key}: {f.Value}"))}";
        var structured = new JsonObject { ["error"] = kind, ["message"] = message };
        if (fields is { Count: > 0 })
        {
            structured["fields"] = new JsonObject(fields.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)JsonValue.Create(f.Value))));
        }

        return new CallToolResult
        {
            IsError = true,
            Content = [new TextContentBlock { Text = text }],
            StructuredContent = JsonSerializer.SerializeToElement(structured),
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The MCP tool {Tool} failed unexpectedly.")]
    private static partial void LogUnexpected(ILogger logger, Exception e, string tool);
}
