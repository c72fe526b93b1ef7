namespace Inclusion.Iot.Testing;

/// <summary>A temporary directory owned by one fixture, deleted with everything in it on dispose.</summary>
public sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory(string purpose)
    {
        Path = Directory.CreateTempSubdirectory($"inclusion-iot-{purpose}-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string CreateSubdirectory(string name) => Directory.CreateDirectory(File(name)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
        catch (IOException)
        {
            // A server still writing at the last moment must not fail the test run; /tmp is cleaned by the OS.
        }
    }
}
