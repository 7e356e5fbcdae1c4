using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Upshift.Hosting.Tests;

/// <summary>Keeps every log event of a host: category, event id and the formatted message.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<(string Category, int EventId, string Message)> Events { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Events.Enqueue((category, eventId.Id, formatter(state, exception)));
    }
}
