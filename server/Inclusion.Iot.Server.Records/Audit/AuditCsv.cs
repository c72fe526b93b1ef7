using System.Globalization;
using System.Text;
using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Audit;

/// <summary>
/// The audit export as CSV (RFC 4180): comma-separated, CRLF line ends, a cell holding a quote, comma, CR or LF quoted
/// with inner quotes doubled; UTF-8 with a byte order mark so Excel reads Cyrillic. Against formula injection a cell
/// starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR gets a leading <c>'</c>. Rows are written as they
/// come from the stream and flushed every <see cref="FlushEvery"/> rows, never held whole in memory.
/// </summary>
public static class AuditCsv
{
    public const int FlushEvery = 200;

    /// <summary>The columns in order; the caller supplies a localised header for each (the resource key is <c>AuditCsv_</c> + the column).</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["Sequence", "OccurredAt", "Actor", "ActorRole", "OrganisationId", "Action", "SubjectKind", "SubjectId", "Details", "Origin", "Hash"];

    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    public static async Task WriteAsync(Stream output, IReadOnlyList<string> headers, IAsyncEnumerable<AuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(entries);
        if (headers.Count != Columns.Count)
        {
            throw new ArgumentException($"The audit CSV has {Columns.Count} columns; {headers.Count} headers were given.", nameof(headers));
        }

        var writer = new StreamWriter(output, Utf8WithBom, bufferSize: 16 * 1024, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteAsync(Row(headers).AsMemory(), cancellationToken).ConfigureAwait(false);
            var rows = 0;
            await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(Row(Cells(entry)).AsMemory(), cancellationToken).ConfigureAwait(false);
                if (++rows % FlushEvery == 0)
                {
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One cell, guarded against formulas and quoted when RFC 4180 needs it.</summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny("\",\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    private static string[] Cells(AuditEntry e) =>
    [
        e.Sequence.ToString(CultureInfo.InvariantCulture),
        AuditHash.Time(e.OccurredAt),
        e.Actor,
        e.ActorRole,
        e.OrganisationId ?? string.Empty,
        e.Action.ToString(),
        e.SubjectKind,
        e.SubjectId ?? string.Empty,
        e.Details ?? string.Empty,
        e.Origin,
        e.Hash,
    ];

    private static string Row(IEnumerable<string> cells) => string.Join(',', cells.Select(Cell)) + "\r\n";
}
