namespace Inclusion.Iot.FirmwareSim;

/// <summary>Where the simulator prints what happens: one line at a time, safe from any thread.</summary>
public sealed class SimOutput(TextWriter writer)
{
    private readonly Lock _gate = new();

    public void Line(string text)
    {
        lock (_gate)
        {
            writer.WriteLine(text);
            writer.Flush();
        }
    }
}
