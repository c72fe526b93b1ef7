using System.Globalization;
using System.Resources;

namespace Inclusion.Iot.FirmwareSim;

/// <summary>
/// Every line firmware-sim prints for a person. The text lives in <c>Resources/Messages.resx</c> (English, the neutral
/// language) with <c>Messages.ru.resx</c> and <c>Messages.uk.resx</c>; every key is in all three files with the same
/// placeholders. The language is <see cref="CultureInfo.CurrentUICulture"/> (from <c>--culture</c>, else from the
/// environment); anything but Russian and Ukrainian is shown in English. Numbers are formatted as the text's language
/// writes them (<c>1.50 s</c>, <c>1,50 с</c>).
/// </summary>
internal static class Messages
{
    /// <summary>The languages with a translation; <c>--culture</c> accepts exactly these.</summary>
    public static readonly IReadOnlyList<string> Cultures = ["en", "ru", "uk"];

    private static readonly ResourceManager Resources = new("Inclusion.Iot.FirmwareSim.Resources.Messages", typeof(Messages).Assembly);

    /// <summary>The culture numbers are formatted with: the translation's own for ru/uk, otherwise invariant (English).</summary>
    internal static CultureInfo FormatCulture
    {
        get
        {
            var ui = CultureInfo.CurrentUICulture;
            return ui.TwoLetterISOLanguageName is "ru" or "uk" ? ui : CultureInfo.InvariantCulture;
        }
    }

    /// <summary>The resource text for <paramref name="key"/> in the current UI culture (English when not translated).</summary>
    internal static string Text(string key) =>
        Resources.GetString(key, CultureInfo.CurrentUICulture)
        ?? throw new MissingManifestResourceException("firmware-sim: no resource '" + key + "' in Resources/Messages.resx");

    private static string F(string key, params object?[] args) => string.Format(FormatCulture, Text(key), args);

    public static string Usage => Text(nameof(Usage));

    public static string InteractiveHelp => Text(nameof(InteractiveHelp));

    // Command line
    public static string UnknownOption(string option) => F(nameof(UnknownOption), option);
    public static string MissingValue(string option) => F(nameof(MissingValue), option);
    public static string MissingOption(string option) => F(nameof(MissingOption), option);
    public static string InvalidPort(string value) => F(nameof(InvalidPort), value);
    public static string InvalidCulture(string value) => F(nameof(InvalidCulture), value);
    public static string InvalidLockTimeout(string value) => F(nameof(InvalidLockTimeout), value);
    public static string DuplicateOption(string option) => F(nameof(DuplicateOption), option);
    public static string MissingMode => Text(nameof(MissingMode));
    public static string MissingScenario => Text(nameof(MissingScenario));
    public static string UnexpectedArgument(string arg) => F(nameof(UnexpectedArgument), arg);
    public static string StayOnlyWithRun => Text(nameof(StayOnlyWithRun));
    public static string PasswordWithoutUsername => Text(nameof(PasswordWithoutUsername));
    public static string UsernameWithoutPassword => Text(nameof(UsernameWithoutPassword));

    // Files
    public static string FileNotFound(string what, string path) => F(nameof(FileNotFound), what, path);
    public static string FileUnreadable(string what, string path, string reason) => F(nameof(FileUnreadable), what, path, reason);
    public static string InvalidJson(string what, string path, string reason) => F(nameof(InvalidJson), what, path, reason);
    public static string InvalidFile(string what, string path, string key, string problem) => F(nameof(InvalidFile), what, path, key, problem);

    // Room file problems
    public static string RoomFile => Text(nameof(RoomFile));
    public static string BadgesFile => Text(nameof(BadgesFile));
    public static string ScenarioFile => Text(nameof(ScenarioFile));
    public static string MustBeObject => Text(nameof(MustBeObject));
    public static string MustBeArray => Text(nameof(MustBeArray));
    public static string MustBeString => Text(nameof(MustBeString));
    public static string MustBeNumber => Text(nameof(MustBeNumber));
    public static string MustBeNonNegativeInteger => Text(nameof(MustBeNonNegativeInteger));
    public static string MustBePositiveInteger => Text(nameof(MustBePositiveInteger));
    public static string MustBeBoolean => Text(nameof(MustBeBoolean));
    public static string MustBePercent => Text(nameof(MustBePercent));
    public static string IsRequired => Text(nameof(IsRequired));
    public static string UnsupportedSchemaVersion(int version) => F(nameof(UnsupportedSchemaVersion), version);
    public static string UnknownValue(string value, string allowed) => F(nameof(UnknownValue), value, allowed);
    public static string DuplicateName(string name) => F(nameof(DuplicateName), name);
    public static string MqttTopicInvalid(string topic) => F(nameof(MqttTopicInvalid), topic);
    public static string NotSimulated(string key, string driver) => F(nameof(NotSimulated), key, driver);

    public static string RoleNotSimulated(string key, string role) => F(nameof(RoleNotSimulated), key, role);

    /// <summary>A file refused by a shared loader whose message already names the key.</summary>
    public static string FileRefused(string what, string path, string message) => F(nameof(FileRefused), what, path, message);
    public static string NotABadgeUid(string value) => F(nameof(NotABadgeUid), value);
    public static string UnknownBadge(string value) => F(nameof(UnknownBadge), value);
    public static string AmbiguousBadge(string value, string matches) => F(nameof(AmbiguousBadge), value, matches);
    public static string NeedsBadgesFile(string value) => F(nameof(NeedsBadgesFile), value);
    public static string UnknownDevice(string value) => F(nameof(UnknownDevice), value);
    public static string NoDeviceWithRole(string role) => F(nameof(NoDeviceWithRole), role);
    public static string DeviceHasWrongRole(string name, string role) => F(nameof(DeviceHasWrongRole), name, role);
    public static string AtAndDelayTogether => Text(nameof(AtAndDelayTogether));
    public static string AtMsGoesBack(long at, long previous) => F(nameof(AtMsGoesBack), at, previous);
    public static string MustHaveSteps => Text(nameof(MustHaveSteps));

    // Light command problems (the key is printed before them)
    public static string ColorMustBeXy => Text(nameof(ColorMustBeXy));
    public static string NoLightAttribute => Text(nameof(NoLightAttribute));

    // Connection
    public static string Connecting(string host, int port, int devices) => F(nameof(Connecting), devices, host, port);
    public static string ConnectFailed(string device, string host, int port, string reason) => F(nameof(ConnectFailed), device, host, port, reason);
    public static string BrokerRefused(string code) => F(nameof(BrokerRefused), code);
    public static string Reconnected(string device) => F(nameof(Reconnected), device);
    public static string ConnectionLost(string device, string reason) => F(nameof(ConnectionLost), device, reason);

    // Devices
    public static string DeviceOnline(string device, string topic) => F(nameof(DeviceOnline), device, topic);
    public static string DeviceOffline(string device) => F(nameof(DeviceOffline), device);
    public static string DeviceAlreadyOffline(string device) => F(nameof(DeviceAlreadyOffline), device);
    public static string DeviceAlreadyOnline(string device) => F(nameof(DeviceAlreadyOnline), device);
    public static string DeviceOfflineIgnores(string device, string topic) => F(nameof(DeviceOfflineIgnores), device, topic);
    public static string MalformedCommand(string device, string topic, string reason, string payload) =>
        F(nameof(MalformedCommand), device, topic, reason, payload);
    public static string LightState(string device, string state, int brightness, int colorTemp, double? transition) =>
        transition is > 0
            ? F("LightStateFade", device, state, brightness, colorTemp, transition.Value)
            : F(nameof(LightState), device, state, brightness, colorTemp);
    public static string LightGet(string device) => F(nameof(LightGet), device);
    public static string Occupancy(string device, bool occupied) => F(occupied ? "OccupancyTrue" : "OccupancyFalse", device);
    public static string Presence(string device, bool present) => F(present ? "PresenceTrue" : "PresenceFalse", device);
    public static string DeviceGoesStale(string device, int battery) => F(nameof(DeviceGoesStale), device, battery);
    public static string DeviceSilentSkips(string device) => F(nameof(DeviceSilentSkips), device);
    public static string NotABatteryDevice(string device) => F(nameof(NotABatteryDevice), device);
    public static string Door(string device, bool open) => F(open ? "DoorOpen" : "DoorClosed", device);
    public static string BadgeTapped(string device, string uid, string? name) =>
        name is null ? F(nameof(BadgeTapped), device, uid) : F("BadgeTappedNamed", device, uid, name);
    public static string TimerShows(string device, string text) => F(nameof(TimerShows), device, text);
    public static string TimerOff => Text(nameof(TimerOff));
    public static string FireAlarm(string device, bool active) => F(active ? "FireAlarmActive" : "FireAlarmClear", device);
    public static string LockState(string device, bool held) => F(held ? "LockHeld" : "LockReleased", device);
    public static string LockReleasedEdgeOffline(string device, string statusTopic) => F(nameof(LockReleasedEdgeOffline), device, statusTopic);
    public static string LockReleasedNoHeartbeat(string device, double seconds) => F(nameof(LockReleasedNoHeartbeat), device, seconds);

    /// <summary>The <c>lock</c> command's answer: the state, and when a held lock would release by itself.</summary>
    public static string LockStatus(string device, bool held, double timeoutSeconds) =>
        held ? F("LockStatusHeld", device, timeoutSeconds) : F("LockReleased", device);
    public static string RawPublished(string topic, string payload) => F(nameof(RawPublished), topic, payload);

    // Scenario
    public static string ScenarioStarting(string name, int steps) => F(nameof(ScenarioStarting), name, steps);
    public static string ScenarioStep(double seconds, int index, string description) => F(nameof(ScenarioStep), seconds, index, description);
    public static string ScenarioDone(string name, double seconds) => F(nameof(ScenarioDone), name, seconds);
    public static string ScenarioStaying => Text(nameof(ScenarioStaying));
    public static string WaitForTimedOut(int index, string topic, string? contains, int timeoutMs) =>
        contains is null
            ? F(nameof(WaitForTimedOut), index, topic, timeoutMs)
            : F("WaitForTimedOutContaining", index, topic, contains, timeoutMs);
    public static string WaitForMatched(string topic, string payload) => F(nameof(WaitForMatched), topic, payload);
    public static string ExpectLockFailed(int index, string device, string expected, string actual, int withinMs) =>
        F(nameof(ExpectLockFailed), index, device, expected, actual, withinMs);
    public static string ExpectLockMet(string device, string state) => F(nameof(ExpectLockMet), device, state);
    public static string StepFailed(int index, string reason) => F(nameof(StepFailed), index, reason);

    // Step descriptions
    public static string DescribeBadge(string uid, string? name, string device) =>
        name is null ? F(nameof(DescribeBadge), uid, device) : F("DescribeBadgeNamed", uid, name, device);
    public static string DescribeOccupancy(bool value, string device) => F(nameof(DescribeOccupancy), value ? "true" : "false", device);
    public static string DescribeDoor(bool open, string device) => F(open ? "DescribeDoorOpen" : "DescribeDoorClosed", device);
    public static string DescribePresenceFlap(int count, long intervalMs, bool first, string device) =>
        F(nameof(DescribePresenceFlap), count, intervalMs, first ? "true" : "false", device);
    public static string DescribeBatteryStale(string device, int battery) => F(nameof(DescribeBatteryStale), device, battery);
    public static string DescribeFireAlarm(bool active, string device) => F(active ? "DescribeFireAlarmActive" : "DescribeFireAlarmClear", device);
    public static string DescribeExpectLock(string state, int withinMs, string device) => F(nameof(DescribeExpectLock), state, withinMs, device);
    public static string DescribeOffline(string device) => F(nameof(DescribeOffline), device);
    public static string DescribeOnline(string device) => F(nameof(DescribeOnline), device);
    public static string DescribeRaw(string topic) => F(nameof(DescribeRaw), topic);
    public static string DescribeWaitFor(string topic, string? contains, int timeoutMs) =>
        contains is null
            ? F(nameof(DescribeWaitFor), timeoutMs, topic)
            : F("DescribeWaitForContaining", timeoutMs, contains, topic);

    // Interactive
    public static string InteractiveReady => Text(nameof(InteractiveReady));
    public static string UnknownCommand(string command) => F(nameof(UnknownCommand), command);
    public static string CommandUsage(string usage) => F(nameof(CommandUsage), usage);
    public static string DeviceLine(string name, string role, string driver, string topic, bool online) =>
        F(nameof(DeviceLine), name, role, driver, topic, Text(online ? "DeviceLineOnline" : "DeviceLineOffline"));
    public static string BadgeLine(string name, string uid) => F(nameof(BadgeLine), name, uid);
    public static string NoBadges => Text(nameof(NoBadges));
    public static string CommandFailed(string reason) => F(nameof(CommandFailed), reason);

    // Program
    public static string Fatal(string reason) => F(nameof(Fatal), reason);
    public static string Stopping => Text(nameof(Stopping));
}
