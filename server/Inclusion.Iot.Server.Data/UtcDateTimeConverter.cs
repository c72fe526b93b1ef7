using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Inclusion.Iot.Server.Data;

/// <summary>Every stored time is UTC; values read back carry <see cref="DateTimeKind.Utc"/> on both providers.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
