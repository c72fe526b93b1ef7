using Microsoft.Extensions.Logging;

namespace Inclusion.Iot.Server.Tests;

/// <summary>Keeps what is logged, so a test can read the errors.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_entries) return _entries.Where(e => e.Level >= LogLevel.Error).Select(e => e.Message).ToList();
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (_entries) _entries.Add((logLevel, formatter(state, exception)));
    }
}
