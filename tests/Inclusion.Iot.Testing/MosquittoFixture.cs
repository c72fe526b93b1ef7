using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Xunit;

namespace Inclusion.Iot.Testing;

/// <summary>
/// A throwaway Mosquitto 2 broker on a random loopback port, with a password file and anonymous access
/// refused, as in production. Testcontainers where a Docker engine answers, /usr/sbin/mosquitto otherwise.
/// </summary>
public sealed class MosquittoFixture : IAsyncLifetime
{
    public const string MosquittoBinary = "/usr/sbin/mosquitto";
    private const string Image = "eclipse-mosquitto:2.0";
    private const int ContainerPort = 1883;

    private ScratchDirectory? _scratch;
    private ChildProcess? _process;
    private IContainer? _container;

    public string Host { get; private set; } = "127.0.0.1";

    public int Port { get; private set; }

    public string Username { get; } = "inclusion-test";

    public string Password { get; } = MosquittoPasswordFile.RandomPassword();

    /// <summary>The broker's log so far, for assertion messages.</summary>
    public string Log => _process?.Output ?? string.Empty;

    public async Task InitializeAsync()
    {
        var passwordLine = MosquittoPasswordFile.Line(Username, Password) + "\n";
        if (DockerEngine.IsAvailable)
        {
            await StartContainerAsync(passwordLine).ConfigureAwait(false);
        }
        else
        {
            await StartLocalAsync(passwordLine).ConfigureAwait(false);
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }

        if (_container is not null)
        {
            await _container.DisposeAsync().ConfigureAwait(false);
        }

        _scratch?.Dispose();
    }

    private static string Configuration(string listener, string passwordFile, bool runAsRoot) =>
        string.Join('\n',
            $"listener {listener}",
            "allow_anonymous false",
            $"password_file {passwordFile}",
            "persistence false",
            "log_dest stdout",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type information",
            runAsRoot ? "user root" : string.Empty,
            string.Empty);

    private async Task StartLocalAsync(string passwordLine)
    {
        RequiredBinary.EnsureExists(MosquittoBinary);
        _scratch = new ScratchDirectory("mosquitto");
        Port = FreeTcpPort.Next();
        var passwordFile = _scratch.File("passwd");
        await File.WriteAllTextAsync(passwordFile, passwordLine).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var configFile = _scratch.File("mosquitto.conf");
        // Run as root, mosquitto would drop to the 'mosquitto' user, which cannot read our private temp dir.
        var runAsRoot = Environment.UserName == "root";
        await File.WriteAllTextAsync(configFile, Configuration($"{Port} {Host}", passwordFile, runAsRoot)).ConfigureAwait(false);

        _process = ChildProcess.Start(MosquittoBinary, ["-c", configFile]);
        await Readiness.WaitAsync(_process, $"mosquitto on {Host}:{Port}", ct => Readiness.AcceptsTcpAsync(Host, Port, ct))
            .ConfigureAwait(false);
    }

    private async Task StartContainerAsync(string passwordLine)
    {
        const string configDir = "/mosquitto/config";
        _container = new ContainerBuilder(Image)
            .WithPortBinding(ContainerPort, assignRandomHostPort: true)
            .WithResourceMapping(System.Text.Encoding.UTF8.GetBytes(passwordLine), $"{configDir}/passwd")
            .WithResourceMapping(
                System.Text.Encoding.UTF8.GetBytes(Configuration($"{ContainerPort}", $"{configDir}/passwd", runAsRoot: false)),
                $"{configDir}/mosquitto.conf")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilInternalTcpPortIsAvailable(ContainerPort))
            .Build();
        await _container.StartAsync().ConfigureAwait(false);
        Host = _container.Hostname;
        Port = _container.GetMappedPublicPort(ContainerPort);
    }
}
