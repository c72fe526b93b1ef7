namespace Inclusion.Iot.Testing;

/// <summary>The signal a <see cref="ChildProcess"/> sends to ask its server for a clean shutdown.</summary>
public enum ChildProcessStopSignal
{
    /// <summary>SIGTERM: what most servers (Mosquitto, VictoriaMetrics) treat as "stop now, cleanly".</summary>
    Terminate,

    /// <summary>SIGINT: PostgreSQL's "fast shutdown" (SIGTERM would wait for clients to disconnect).</summary>
    Interrupt,
}
