using System.Globalization;
using System.Text.Json;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.FirmwareSim.Configuration;

namespace Inclusion.Iot.FirmwareSim.Devices;

/// <summary>
/// Our visual timer display on an ESP: commands on <c>inclusion/&lt;room&gt;/device/&lt;name&gt;/set</c>
/// (<see cref="Payloads.TimerDisplayCommand"/>), state reported (retained) on <c>…/state</c>, availability
/// <c>online</c>/<c>offline</c> retained on <c>…/availability</c> (also the last will).
/// </summary>
public sealed class TimerDisplay(RoomDevice device, string roomId, MqttSettings settings, SimOutput output, TimeProvider time)
    : SimulatedDevice(device, roomId, settings, output, time)
{
    public static readonly IReadOnlyList<string> Modes = ["countdown", "off"];
    public static readonly IReadOnlyList<string> Phases = ["running", "five_minute_warning", "one_minute_warning", "ended", "overrun"];
    public static readonly IReadOnlyList<string> Styles = ["ring", "digits", "colours"];

    private TimerDisplayReport _shown = TimerDisplayReport.Off;

    /// <summary>What the display shows now.</summary>
    public TimerDisplayReport Shown => Volatile.Read(ref _shown);

    protected override string AvailabilityTopic => RoomTopics.DeviceAvailability(RoomId, Device.Topic);

    protected override bool DisconnectsWhenOffline => true;

    protected override IEnumerable<string> Subscriptions => [RoomTopics.DeviceSet(RoomId, Device.Topic)];

    protected override void ConfigureWill(MQTTnet.MqttClientOptionsBuilder options) =>
        options.WithWillTopic(AvailabilityTopic).WithWillPayload("offline").WithWillRetain();

    protected override async Task AnnounceOnlineAsync(CancellationToken cancellationToken)
    {
        await PublishAsync(AvailabilityTopic, "online", retain: true, cancellationToken).ConfigureAwait(false);
        await ReportAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task AnnounceOfflineAsync(CancellationToken cancellationToken) =>
        PublishAsync(AvailabilityTopic, "offline", retain: true, cancellationToken);

    protected override async Task OnMessageAsync(string topic, string payload, CancellationToken cancellationToken)
    {
        if (!TryParse(payload, out var report, out var problem))
        {
            Output.Line(Messages.MalformedCommand(Name, topic, problem, Shorten(payload)));
            return;
        }

        var previous = Interlocked.Exchange(ref _shown, report);
        if (previous.Text != report.Text) Output.Line(Messages.TimerShows(Name, report.Text));
        await ReportAsync(cancellationToken).ConfigureAwait(false);
    }

    private Task ReportAsync(CancellationToken cancellationToken) =>
        PublishAsync(RoomTopics.DeviceState(RoomId, Device.Topic), JsonSerializer.Serialize(Shown, Payloads.Json), retain: true, cancellationToken);

    /// <summary>Validates a command and turns it into what the display shows. Pure, for tests.</summary>
    internal static bool TryParse(string payload, out TimerDisplayReport report, out string problem)
    {
        report = TimerDisplayReport.Off;
        problem = string.Empty;
        if (!InclusionCommands.TryRead<Payloads.TimerDisplayCommand>(payload, c => c.SchemaVersion, out var command, out problem)) return false;

        if (!Modes.Contains(command.Mode))
        {
            problem = "mode " + Messages.UnknownValue(command.Mode, string.Join(", ", Modes));
            return false;
        }

        if (command.Mode == "off")
        {
            return true;
        }

        if (command.RemainingSeconds is not { } remaining)
        {
            problem = "remaining_seconds " + Messages.IsRequired;
            return false;
        }

        if (command.Phase is not null && !Phases.Contains(command.Phase))
        {
            problem = "phase " + Messages.UnknownValue(command.Phase, string.Join(", ", Phases));
            return false;
        }

        if (command.Style is not null && !Styles.Contains(command.Style))
        {
            problem = "style " + Messages.UnknownValue(command.Style, string.Join(", ", Styles));
            return false;
        }

        if (command.TotalSeconds is < 0)
        {
            problem = "total_seconds " + Messages.MustBeNonNegativeInteger;
            return false;
        }

        var phase = command.Phase ?? (remaining > 0 ? "running" : "ended");
        var style = command.Style ?? "digits";
        var clock = Clock(remaining);
        var chime = command.Chime == true ? " chime" : string.Empty;
        report = new TimerDisplayReport
        {
            Mode = "countdown",
            RemainingSeconds = remaining,
            TotalSeconds = command.TotalSeconds,
            Phase = phase,
            Style = style,
            Chime = command.Chime,
            Display = clock,
            Text = $"{clock} {phase} {style}{chime}",
        };
        return true;
    }

    /// <summary>mm:ss, with a leading '+' once the session runs over.</summary>
    internal static string Clock(int remainingSeconds)
    {
        var over = remainingSeconds < 0;
        var s = Math.Abs(remainingSeconds);
        var text = string.Create(CultureInfo.InvariantCulture, $"{s / 60:00}:{s % 60:00}");
        return over ? "+" + text : text;
    }
}

/// <summary>The timer display's reported state, on <c>inclusion/&lt;room&gt;/device/&lt;name&gt;/state</c>.</summary>
public sealed record TimerDisplayReport
{
    /// <summary>A blank display; a new value each time, so its console text is in the current language.</summary>
    public static TimerDisplayReport Off => new() { Mode = "off", Text = Messages.TimerOff };

    public int SchemaVersion { get; init; } = Payloads.SchemaVersion;

    /// <summary><c>countdown</c> or <c>off</c>.</summary>
    public required string Mode { get; init; }

    public int? RemainingSeconds { get; init; }

    public int? TotalSeconds { get; init; }

    public string? Phase { get; init; }

    public string? Style { get; init; }

    public bool? Chime { get; init; }

    /// <summary>The digits shown: <c>19:58</c>, or <c>+01:30</c> in overrun; absent when off.</summary>
    public string? Display { get; init; }

    /// <summary>The console line (not on the wire).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Text { get; init; } = string.Empty;
}
