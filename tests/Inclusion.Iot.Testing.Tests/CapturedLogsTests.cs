using Microsoft.Extensions.Logging;
using Xunit.Sdk;

namespace Inclusion.Iot.Testing.Tests;

/// <summary>The guard the edge harness runs at dispose: it must fail on an error nobody declared, and only then.</summary>
public sealed class CapturedLogsTests
{
    [Fact]
    public void An_error_the_test_did_not_declare_fails_the_check_and_declaring_it_lets_it_pass()
    {
        using var logs = new CapturedLogs();
        var logger = logs.CreateLogger("Inclusion.Iot.Edge.Worker.Sync.OutboxUploader");
        logger.LogWarning("Upload failed (Unavailable); retrying in 1 s");
        logs.AssertNoUnexpectedErrors();

        logger.LogError(new IOException("disk I/O error"), "Outbox upload iteration failed ({Kind}); retrying in {Seconds} s", "SqliteException", 1);
        var failure = Assert.Throws<FailException>(logs.AssertNoUnexpectedErrors);
        Assert.Contains("Outbox upload iteration failed (SqliteException)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("disk I/O error", failure.Message, StringComparison.Ordinal);

        logs.ExpectError("Outbox upload iteration failed (SqliteException)");
        logs.AssertNoUnexpectedErrors();
        Assert.Single(logs.Errors);
        Assert.Empty(logs.UnexpectedErrors);
    }

    [Fact]
    public void A_declaration_matches_by_event_name_and_covers_only_what_it_names()
    {
        using var logs = new CapturedLogs();
        var logger = logs.CreateLogger("Inclusion.Iot.Edge.Worker.Room.RoomService");
        logger.Log(LogLevel.Error, new EventId(4, "LogRecordFailed"), "Could not record SessionEnded in the outbox", null, (s, _) => s);
        logger.LogCritical("Room tick failed");
        logs.ExpectError("LogRecordFailed");

        var failure = Assert.Throws<FailException>(logs.AssertNoUnexpectedErrors);
        Assert.Contains("Room tick failed", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Could not record", failure.Message, StringComparison.Ordinal);
        Assert.StartsWith("Critical Inclusion.Iot.Edge.Worker.Room.RoomService: Room tick failed", Assert.Single(logs.UnexpectedErrors), StringComparison.Ordinal);
    }
}
