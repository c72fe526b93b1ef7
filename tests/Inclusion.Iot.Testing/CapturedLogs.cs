using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Inclusion.Iot.Testing;

/// <summary>
/// Every log line a host writes, with exceptions: for privacy assertions, and as the barrier for "the loop tried and
/// failed". Also the guard against errors nobody asked for: an Error or Critical line fails
/// <see cref="AssertNoUnexpectedErrors"/> unless the test declared it with <see cref="ExpectError"/> (as MQTTnet's own
/// tests fail on a logged error they did not ignore).
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<(string? EventName, string Line)> _errors = new();
    private readonly ConcurrentQueue<string> _expected = new();

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>The Error and Critical lines, expected or not.</summary>
    public IReadOnlyList<string> Errors => [.. _errors.Select(e => e.Line)];

    /// <summary>The Error and Critical lines that match no <see cref="ExpectError"/> declaration.</summary>
    public IReadOnlyList<string> UnexpectedErrors =>
        [.. _errors.Where(e => !_expected.Any(x => string.Equals(e.EventName, x, StringComparison.Ordinal) || e.Line.Contains(x, StringComparison.Ordinal))).Select(e => e.Line)];

    /// <summary>
    /// Declares an error the test provokes on purpose: an Error or Critical line whose event name is
    /// <paramref name="what"/> (a <c>[LoggerMessage]</c> method's name) or that contains it (message, category or
    /// exception). Allowed, not required: the test asserts what must happen on its own.
    /// </summary>
    public CapturedLogs ExpectError(string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(what);
        _expected.Enqueue(what);
        return this;
    }

    /// <summary>Fails, listing them, if any Error or Critical line was not declared with <see cref="ExpectError"/>.</summary>
    public void AssertNoUnexpectedErrors()
    {
        var unexpected = UnexpectedErrors;
        if (unexpected.Count == 0) return;
        Assert.Fail(
            $"The code under test logged {unexpected.Count} error(s) the test did not declare with ExpectError "
            + $"(if the test also failed, these are the likelier cause):{Environment.NewLine}{string.Join(Environment.NewLine, unexpected)}");
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, CapturedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            var line = $"{logLevel} {category}: {formatter(state, exception)} {fields} {exception}";
            logs._lines.Enqueue(line);
            if (logLevel >= LogLevel.Error && logLevel != LogLevel.None) logs._errors.Enqueue((eventId.Name, line));
        }
    }
}
