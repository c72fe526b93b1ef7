using System.Globalization;

namespace Inclusion.Iot.FirmwareSim;

/// <summary>
/// Every line firmware-sim prints for a person, in one place so it can be localised later.
/// English only for now: this is a developer and demo tool.
/// </summary>
internal static class Messages
{
    private static string F(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);

    public const string Usage =
        """
        Usage: Inclusion.Iot.FirmwareSim --mqtt-host H --mqtt-port P [--username U --password W]
                                         --room-config room.json [--badges badges.json]
                                         (run <scenario.json> [--stay] | interactive)

          run <scenario.json>   play the scenario, then exit (--stay: keep the devices alive until Ctrl-C)
          interactive           read commands from stdin ('help' lists them)
        """;

    public const string InteractiveHelp =
        """
        Commands:
          tap <name|UID> [reader]   tap a badge at the entry reader (names from badges.json, prefixes work)
          occupancy on|off          the occupancy sensor reports presence or absence
          door open|closed          the door contact reports open or closed
          offline <device>          the device drops off the network (availability/LWT offline)
          online <device>           the device comes back
          devices                   list the simulated devices
          badges                    list the known badges
          help                      this text
          quit                      stop the devices and exit
        """;

    // Command line
    public static string UnknownOption(string option) => F("Unknown option '{0}'.", option);
    public static string MissingValue(string option) => F("Option '{0}' needs a value.", option);
    public static string MissingOption(string option) => F("Missing required option '{0}'.", option);
    public static string InvalidPort(string value) => F("--mqtt-port: '{0}' is not a TCP port (1-65535).", value);
    public static string DuplicateOption(string option) => F("Option '{0}' is given twice.", option);
    public const string MissingMode = "Missing mode: give 'run <scenario.json>' or 'interactive'.";
    public const string MissingScenario = "'run' needs a scenario file: run <scenario.json>.";
    public static string UnexpectedArgument(string arg) => F("Unexpected argument '{0}'.", arg);
    public const string StayOnlyWithRun = "--stay is only valid with 'run'.";
    public const string PasswordWithoutUsername = "--password is given without --username.";
    public const string UsernameWithoutPassword = "--username is given without --password.";

    // Files
    public static string FileNotFound(string what, string path) => F("{0}: file '{1}' does not exist.", what, path);
    public static string FileUnreadable(string what, string path, string reason) => F("{0}: cannot read '{1}': {2}", what, path, reason);
    public static string InvalidJson(string what, string path, string reason) => F("{0}: '{1}' is not valid JSON: {2}", what, path, reason);
    public static string InvalidFile(string what, string path, string key, string problem) => F("{0} '{1}': {2}: {3}", what, path, key, problem);

    // Room file problems
    public const string RoomFile = "room config";
    public const string BadgesFile = "badges";
    public const string ScenarioFile = "scenario";
    public const string MustBeObject = "must be a JSON object";
    public const string MustBeArray = "must be a JSON array";
    public const string MustBeString = "must be a non-empty string";
    public const string MustBeNumber = "must be a number";
    public const string MustBeNonNegativeInteger = "must be a non-negative whole number";
    public const string MustBePositiveInteger = "must be a positive whole number";
    public const string MustBeBoolean = "must be true or false";
    public const string IsRequired = "is required";
    public static string UnsupportedSchemaVersion(int version) => F("version {0} is not supported (expected 1)", version);
    public static string UnknownValue(string value, string allowed) => F("'{0}' is not one of: {1}", value, allowed);
    public static string DuplicateName(string name) => F("'{0}' is used twice", name);
    public static string MqttTopicInvalid(string topic) => F("'{0}' is not a valid MQTT topic segment (no '/', '+', '#' or spaces)", topic);
    public static string NotSimulated(string key, string driver) => F("{0}: driver '{1}' is not on MQTT; the device is not simulated.", key, driver);
    public static string RoleDriverMismatch(string role, string driver) => F("role '{0}' cannot be simulated with driver '{1}'", role, driver);
    public static string NotABadgeUid(string value) => F("'{0}' is not a badge UID (4, 7 or 10 bytes in hex, e.g. 04A1B2C3)", value);
    public static string UnknownBadge(string value) => F("'{0}' is neither a known badge name nor a UID", value);
    public static string AmbiguousBadge(string value, string matches) => F("'{0}' matches several badges: {1}", value, matches);
    public static string NeedsBadgesFile(string value) => F("'{0}' is a name, but no --badges file was given", value);
    public static string UnknownDevice(string value) => F("no device named '{0}' in the room", value);
    public static string NoDeviceWithRole(string role) => F("the room has no '{0}' device", role);
    public static string DeviceHasWrongRole(string name, string role) => F("device '{0}' is not a '{1}' device", name, role);
    public const string AtAndDelayTogether = "give either at_ms or delay_ms, not both";
    public static string AtMsGoesBack(long at, long previous) => F("at_ms {0} is earlier than the previous step's time {1}", at, previous);
    public const string MustHaveSteps = "must have at least one step";

    // Connection
    public static string Connecting(string host, int port, int devices) => F("Connecting {0} simulated devices to mqtt://{1}:{2} …", devices, host, port);
    public static string ConnectFailed(string device, string host, int port, string reason) =>
        F("Cannot connect '{0}' to the MQTT broker at {1}:{2}: {3}", device, host, port, reason);
    public static string BrokerRefused(string code) => F("the broker refused the connection ({0})", code);
    public static string Reconnected(string device) => F("[{0}] reconnected to the broker", device);
    public static string ConnectionLost(string device, string reason) => F("[{0}] lost the broker connection ({1}); reconnecting …", device, reason);

    // Devices
    public static string DeviceOnline(string device, string topic) => F("[{0}] online ({1})", device, topic);
    public static string DeviceOffline(string device) => F("[{0}] offline", device);
    public static string DeviceAlreadyOffline(string device) => F("[{0}] is already offline", device);
    public static string DeviceAlreadyOnline(string device) => F("[{0}] is already online", device);
    public static string DeviceOfflineIgnores(string device, string topic) => F("[{0}] is offline; command on {1} is lost", device, topic);
    public static string MalformedCommand(string device, string topic, string reason, string payload) =>
        F("[{0}] ignored a malformed command on {1}: {2} (payload: {3})", device, topic, reason, payload);
    public static string LightState(string device, string state, int brightness, int colorTemp, double? transition) =>
        transition is > 0
            ? F("[{0}] {1} brightness {2} color_temp {3} (fade {4} s)", device, state, brightness, colorTemp, transition.Value)
            : F("[{0}] {1} brightness {2} color_temp {3}", device, state, brightness, colorTemp);
    public static string LightGet(string device) => F("[{0}] state requested (/get)", device);
    public static string Occupancy(string device, bool occupied) => F("[{0}] occupancy {1}", device, occupied ? "true (someone is in the room)" : "false (room empty)");
    public static string Door(string device, bool open) => F("[{0}] door {1}", device, open ? "open (contact false)" : "closed (contact true)");
    public static string BadgeTapped(string device, string uid, string? name) =>
        name is null ? F("[{0}] badge {1} tapped", device, uid) : F("[{0}] badge {1} ({2}) tapped", device, uid, name);
    public static string TimerShows(string device, string text) => F("[{0}] {1}", device, text);
    public const string TimerOff = "off (blank)";
    public static string RawPublished(string topic, string payload) => F("[raw] {0} {1}", topic, payload);

    // Scenario
    public static string ScenarioStarting(string name, int steps) => F("Scenario '{0}': {1} steps", name, steps);
    public static string ScenarioStep(double seconds, int index, string description) => F("[{0,6:0.00} s] step {1}: {2}", seconds, index, description);
    public static string ScenarioDone(string name, double seconds) => F("Scenario '{0}' finished after {1:0.0} s", name, seconds);
    public static string ScenarioStaying => "Devices stay online; Ctrl-C or SIGTERM stops them.";
    public static string WaitForTimedOut(int index, string topic, string? contains, int timeoutMs) =>
        contains is null
            ? F("steps[{0}]: nothing arrived on '{1}' within {2} ms", index, topic, timeoutMs)
            : F("steps[{0}]: no message on '{1}' containing '{2}' within {3} ms", index, topic, contains, timeoutMs);
    public static string WaitForMatched(string topic, string payload) => F("  seen {0} {1}", topic, payload);
    public static string StepFailed(int index, string reason) => F("steps[{0}]: {1}", index, reason);

    // Step descriptions
    public static string DescribeBadge(string uid, string? name, string device) =>
        name is null ? F("badge {0} at {1}", uid, device) : F("badge {0} ({1}) at {2}", uid, name, device);
    public static string DescribeOccupancy(bool value, string device) => F("occupancy {0} ({1})", value ? "true" : "false", device);
    public static string DescribeDoor(bool open, string device) => F("door {0} ({1})", open ? "open" : "closed", device);
    public static string DescribeOffline(string device) => F("{0} goes offline", device);
    public static string DescribeOnline(string device) => F("{0} comes back online", device);
    public static string DescribeRaw(string topic) => F("raw publish on {0}", topic);
    public static string DescribeWaitFor(string topic, string? contains, int timeoutMs) =>
        contains is null ? F("wait up to {0} ms for a message on {1}", timeoutMs, topic) : F("wait up to {0} ms for '{1}' on {2}", timeoutMs, contains, topic);

    // Interactive
    public const string InteractiveReady = "Interactive: type 'help' for commands, 'quit' to stop.";
    public static string UnknownCommand(string command) => F("Unknown command '{0}'; 'help' lists the commands.", command);
    public static string CommandUsage(string usage) => F("Usage: {0}", usage);
    public static string DeviceLine(string name, string role, string driver, string topic, bool online) =>
        F("  {0,-14} {1,-13} {2,-12} {3,-22} {4}", name, role, driver, topic, online ? "online" : "offline");
    public static string BadgeLine(string name, string uid) => F("  {0,-10} {1}", name, uid);
    public const string NoBadges = "No badges file given (--badges); tap by UID.";
    public static string CommandFailed(string reason) => F("Cannot do that: {0}", reason);

    // Program
    public static string Fatal(string reason) => F("firmware-sim: {0}", reason);
    public const string Stopping = "Stopping the simulated devices …";
}
