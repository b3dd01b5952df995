using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Connectors.Domain.Data;

/// <summary>Stores UTC and marks values read back as UTC (providers return Unspecified).</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
