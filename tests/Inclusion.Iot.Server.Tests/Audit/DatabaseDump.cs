using System.Data.Common;
using System.Globalization;
using System.Text;
using Inclusion.Iot.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Inclusion.Iot.Server.Tests.Audit;

/// <summary>
/// Every column of every table, read from the schema (sqlite_master, information_schema.columns), not from the model:
/// a table a later migration adds is searched too.
/// </summary>
internal sealed class DatabaseDump
{
    private readonly List<(string Table, string Column, string? Text, byte[]? Bytes)> _cells = [];

    public IReadOnlyCollection<string> Tables { get; private set; } = [];

    public static async Task<DatabaseDump> ReadAsync(ServerDbContext db)
    {
        var dump = new DatabaseDump();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var columns = new List<(string Table, string Column)>();
            var schema = db.Database.IsNpgsql()
                ? "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
                : "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid";
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = schema;
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    columns.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            dump.Tables = columns.Select(c => c.Table).Distinct().ToList();
            foreach (var table in columns.GroupBy(c => c.Table))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT {string.Join(", ", table.Select(c => $"\"{c.Column}\""))} FROM \"{table.Key}\"";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        dump.Add(table.Key, reader.GetName(i), reader.IsDBNull(i) ? null : reader.GetValue(i));
                    }
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return dump;
    }

    /// <summary>Where <paramref name="needle"/> occurs, as "table.column": in text, and as UTF-8 inside binary values.</summary>
    public SortedSet<string> WhereText(string needle)
    {
        var utf8 = Encoding.UTF8.GetBytes(needle);
        return Where(c => (c.Text?.Contains(needle, StringComparison.OrdinalIgnoreCase) ?? false)
            || (c.Bytes is not null && c.Bytes.AsSpan().IndexOf(utf8) >= 0));
    }

    /// <summary>Where <paramref name="needle"/> occurs: inside binary values, and as hex or base64 in text.</summary>
    public SortedSet<string> WhereBytes(byte[] needle)
    {
        var hex = Convert.ToHexString(needle);
        var base64 = Convert.ToBase64String(needle);
        return Where(c => (c.Bytes is not null && c.Bytes.AsSpan().IndexOf(needle) >= 0)
            || (c.Text is not null && (c.Text.Contains(hex, StringComparison.OrdinalIgnoreCase) || c.Text.Contains(base64, StringComparison.Ordinal))));
    }

    private SortedSet<string> Where(Func<(string Table, string Column, string? Text, byte[]? Bytes), bool> match) =>
        new(_cells.Where(match).Select(c => $"{c.Table}.{c.Column}"), StringComparer.Ordinal);

    private void Add(string table, string column, object? value)
    {
        switch (value)
        {
            case null:
                return;
            case byte[] bytes:
                _cells.Add((table, column, null, bytes));
                return;
            default:
                _cells.Add((table, column, Convert.ToString(value, CultureInfo.InvariantCulture), null));
                return;
        }
    }
}
