using System.Globalization;
using System.Runtime.InteropServices;
using Inclusion.Iot.FirmwareSim.Configuration;
using Inclusion.Iot.FirmwareSim.Devices;
using Inclusion.Iot.FirmwareSim.Scenarios;

namespace Inclusion.Iot.FirmwareSim;

/// <summary>The whole program behind <c>Main</c>, with its streams passed in so tests can run it in-process.</summary>
public static class SimApp
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextReader input, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            // --culture first, so that help and every error below are in that language. The change stays inside this
            // call (an async method restores its caller's culture) and flows to the devices' MQTT callbacks started here.
            if (CommandLine.ReadCulture(args) is { } culture) CultureInfo.CurrentUICulture = culture;
        }
        catch (ConfigurationException e)
        {
            await stderr.WriteLineAsync(Messages.Fatal(e.Message)).ConfigureAwait(false);
            await stderr.WriteLineAsync(Messages.Usage).ConfigureAwait(false);
            return ExitUsage;
        }

        if (CommandLine.IsHelp(args))
        {
            await stdout.WriteLineAsync(Messages.Usage).ConfigureAwait(false);
            return args.Count == 0 ? ExitUsage : ExitOk;
        }

        CommandLine cli;
        RoomConfig room;
        BadgeBook badges;
        Scenario? scenario = null;
        try
        {
            cli = CommandLine.Parse(args);
            room = RoomConfig.Load(cli.RoomConfigPath);
            badges = cli.BadgesPath is null ? BadgeBook.Empty : BadgeBook.Load(cli.BadgesPath);
            if (cli.ScenarioPath is not null)
            {
                scenario = Scenario.Load(cli.ScenarioPath);
                scenario.Validate(room, badges, cli.ScenarioPath);
            }
        }
        catch (ConfigurationException e)
        {
            await stderr.WriteLineAsync(Messages.Fatal(e.Message)).ConfigureAwait(false);
            await stderr.WriteLineAsync(Messages.Usage).ConfigureAwait(false);
            return ExitUsage;
        }

        var output = new SimOutput(stdout);
        var settings = new MqttSettings(cli.MqttHost, cli.MqttPort, cli.Username, cli.Password);
        var lockTimeout = cli.LockTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        await using var simulator = new Simulator(room, badges, settings, output, lockTimeout: lockTimeout);
        try
        {
            await simulator.StartAsync(scenario?.WatchTopics ?? [], cancellationToken).ConfigureAwait(false);
            if (scenario is not null)
            {
                await new ScenarioRunner(simulator, output).RunAsync(scenario, cancellationToken).ConfigureAwait(false);
                if (cli.Stay)
                {
                    output.Line(Messages.ScenarioStaying);
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                await new InteractiveShell(simulator, output).RunAsync(input, cancellationToken).ConfigureAwait(false);
            }

            return ExitOk;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitOk;
        }
        catch (Exception e) when (e is ScenarioFailedException or InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            await stderr.WriteLineAsync(Messages.Fatal(e.Message)).ConfigureAwait(false);
            return ExitFailed;
        }
        finally
        {
            output.Line(Messages.Stopping);
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await simulator.StopAsync(stopTimeout.Token).ConfigureAwait(false);
        }
    }
}

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        return await SimApp.RunAsync(args, Console.In, Console.Out, Console.Error, stop.Token).ConfigureAwait(false);
    }
}
