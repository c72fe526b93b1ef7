using System.Globalization;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Inclusion.Iot.Server.Data;

/// <summary>
/// A short list of whole numbers as one comma-separated text column ("10,15,20"; empty for none): the same column
/// type on SQLite and PostgreSQL, so the one migration set serves both.
/// </summary>
public sealed class MinutesListConverter() : ValueConverter<List<int>, string>(
    value => string.Join(',', value.Select(n => n.ToString(CultureInfo.InvariantCulture))),
    value => Parse(value))
{
    /// <summary>Compares lists by their items, so a changed item is saved (and bumps the configuration version).</summary>
    public static ValueComparer<List<int>> Comparer { get; } = new(
        (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
        value => value.Aggregate(17, (hash, n) => unchecked((hash * 31) + n)),
        value => value.ToList());

    private static List<int> Parse(string value) =>
        string.IsNullOrEmpty(value)
            ? []
            : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(n => int.Parse(n, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToList();
}
