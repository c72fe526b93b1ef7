using System.Globalization;
using System.Text;
using Inclusion.Iot.Server.Api;
using Inclusion.Iot.Server.Api.Records;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Inclusion.Iot.Server.Tests.Audit;

public sealed class AuditCsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+380", "'+380")]
    [InlineData("-5", "'-5")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("a=b", "a=b")]
    [InlineData("Перегляд програми", "Перегляд програми")]
    public void A_cell_is_quoted_per_RFC_4180_and_guarded_against_formulas(string? value, string expected) =>
        Assert.Equal(expected, AuditCsv.Cell(value));

    [Fact]
    public async Task The_file_is_UTF8_with_a_BOM_CRLF_rows_and_one_row_per_entry_in_the_streams_order()
    {
        using var output = new MemoryStream();
        var headers = AuditCsv.Columns.Select(c => "Ст " + c).ToList();
        await AuditCsv.WriteAsync(output, headers, Entries(2), CancellationToken.None);

        var bytes = output.ToArray();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var rows = text.Split("\r\n");
        Assert.Equal(4, rows.Length);
        Assert.Equal("", rows[3]);
        Assert.Equal(string.Join(',', headers), rows[0]);
        Assert.Equal("2,2026-11-24T09:00:02.000000Z,acct-2,Coordinator,org-demo,Export,audit,,\"rows, \"\"quoted\"\" — Кирилиця\",10.0.0.2,hash-2", rows[1]);
        Assert.Equal("1,2026-11-24T09:00:01.000000Z,acct-1,Coordinator,org-demo,Export,audit,,\"rows, \"\"quoted\"\" — Кирилиця\",10.0.0.1,hash-1", rows[2]);
    }

    [Fact]
    public async Task Rows_reach_the_output_while_the_stream_is_still_being_read()
    {
        using var output = new MemoryStream();
        long writtenBeforeTheEnd = -1;
        async IAsyncEnumerable<AuditEntry> Watched()
        {
            await foreach (var entry in Entries(AuditCsv.FlushEvery * 3))
            {
                yield return entry;
            }

            writtenBeforeTheEnd = output.Length;
        }

        await AuditCsv.WriteAsync(output, AuditCsv.Columns, Watched(), CancellationToken.None);
        // At least two flushed batches were in the output before the last row was produced.
        var perRow = output.Length / (AuditCsv.FlushEvery * 3);
        Assert.True(writtenBeforeTheEnd >= perRow * AuditCsv.FlushEvery * 2, $"{writtenBeforeTheEnd} bytes written before the end of {output.Length}");
    }

    [Fact]
    public async Task Headers_must_match_the_columns()
    {
        using var output = new MemoryStream();
        await Assert.ThrowsAsync<ArgumentException>(() => AuditCsv.WriteAsync(output, ["one"], Entries(1), CancellationToken.None));
    }

    [Theory]
    [InlineData("en", "Sequence,Time (UTC),Actor,Role,Organisation,Action,Subject kind,Subject id,Details,Origin,Hash")]
    [InlineData("ru", "Номер,Время (UTC),Кто,Роль,Организация,Действие,Тип объекта,Идентификатор объекта,Подробности,Источник,Хеш")]
    [InlineData("uk", "Номер,Час (UTC),Хто,Роль,Організація,Дія,Тип об'єкта,Ідентифікатор об'єкта,Подробиці,Джерело,Хеш")]
    public void The_headers_are_in_the_requests_language(string culture, string expected)
    {
        var services = new ServiceCollection().AddLogging().AddLocalization(o => o.ResourcesPath = "Resources").BuildServiceProvider();
        var localizer = services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            Assert.Equal(expected, string.Join(',', AuditCsvHeaders.For(localizer)));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static async IAsyncEnumerable<AuditEntry> Entries(int count)
    {
        for (var i = count; i >= 1; i--)
        {
            await Task.Yield();
            yield return new AuditEntry
            {
                Sequence = i,
                OccurredAt = new DateTime(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc).AddSeconds(i),
                Actor = $"acct-{i}",
                ActorRole = "Coordinator",
                OrganisationId = "org-demo",
                Action = AuditAction.Export,
                SubjectKind = "audit",
                Details = "rows, \"quoted\" — Кирилиця",
                Origin = $"10.0.0.{i}",
                PreviousHash = "prev",
                Hash = $"hash-{i}",
            };
        }
    }
}
