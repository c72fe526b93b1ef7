using System.Globalization;
using Inclusion.Iot.FirmwareSim.Configuration;

namespace Inclusion.Iot.FirmwareSim;

public enum SimMode
{
    Run,
    Interactive,
}

/// <summary>
/// <c>--mqtt-host H --mqtt-port P [--username U --password W] --room-config room.json [--badges badges.json]
/// [--culture en|ru|uk] [--lock-timeout S] (run &lt;scenario.json&gt; [--stay] | interactive)</c>. Options may come in any order; the mode
/// word and its arguments too. <see cref="Culture"/> is <c>en</c>, <c>ru</c> or <c>uk</c>, or null for the environment's;
/// <see cref="LockTimeoutSeconds"/> is how long a held door lock waits for the edge (null: the default, 30 s).
/// </summary>
public sealed record CommandLine(
    string MqttHost,
    int MqttPort,
    string? Username,
    string? Password,
    string RoomConfigPath,
    string? BadgesPath,
    SimMode Mode,
    string? ScenarioPath,
    bool Stay,
    string? Culture = null,
    int? LockTimeoutSeconds = null)
{
    public const string CultureOption = "--culture";
    public const string LockTimeoutOption = "--lock-timeout";

    public static bool IsHelp(IReadOnlyList<string> args) =>
        args is null || args.Count == 0 || args.Any(a => a is "-h" or "--help" or "-?");

    /// <summary>
    /// The language asked for with <c>--culture</c>, or null when the option is absent. Read before everything else so
    /// that help and every later error come in that language.
    /// </summary>
    /// <exception cref="ConfigurationException">The option has no value, is given twice, or names an unsupported language.</exception>
    public static CultureInfo? ReadCulture(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? name = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] != CultureOption) continue;
            if (name is not null) throw new ConfigurationException(Messages.DuplicateOption(CultureOption));
            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal)) throw new ConfigurationException(Messages.MissingValue(CultureOption));
            name = CultureName(args[++i]);
        }

        return name is null ? null : CultureInfo.GetCultureInfo(name);
    }

    /// <summary><c>en</c>, <c>ru</c> or <c>uk</c> (any letter case), normalised; anything else is an error naming the option.</summary>
    private static string CultureName(string value) =>
        Messages.Cultures.FirstOrDefault(c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase))
        ?? throw new ConfigurationException(Messages.InvalidCulture(value));

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var positional = new List<string>();
        var stay = false;
        string[] valued = ["--mqtt-host", "--mqtt-port", "--username", "--password", "--room-config", "--badges", CultureOption, LockTimeoutOption];
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--stay")
            {
                stay = true;
            }
            else if (valued.Contains(arg))
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal)) throw new ConfigurationException(Messages.MissingValue(arg));
                if (!options.TryAdd(arg, args[++i])) throw new ConfigurationException(Messages.DuplicateOption(arg));
            }
            else if (arg.StartsWith('-'))
            {
                throw new ConfigurationException(Messages.UnknownOption(arg));
            }
            else
            {
                positional.Add(arg);
            }
        }

        string Required(string option) =>
            options.TryGetValue(option, out var v) && !string.IsNullOrWhiteSpace(v) ? v : throw new ConfigurationException(Messages.MissingOption(option));

        var host = Required("--mqtt-host");
        var portText = Required("--mqtt-port");
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ConfigurationException(Messages.InvalidPort(portText));
        }

        options.TryGetValue("--username", out var username);
        options.TryGetValue("--password", out var password);
        if (username is null && password is not null) throw new ConfigurationException(Messages.PasswordWithoutUsername);
        if (username is not null && password is null) throw new ConfigurationException(Messages.UsernameWithoutPassword);
        var room = Required("--room-config");
        options.TryGetValue("--badges", out var badges);
        var culture = options.TryGetValue(CultureOption, out var cultureText) ? CultureName(cultureText) : null;

        int? lockTimeout = null;
        if (options.TryGetValue(LockTimeoutOption, out var lockTimeoutText))
        {
            if (!int.TryParse(lockTimeoutText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 1)
            {
                throw new ConfigurationException(Messages.InvalidLockTimeout(lockTimeoutText));
            }

            lockTimeout = seconds;
        }

        if (positional.Count == 0) throw new ConfigurationException(Messages.MissingMode);
        SimMode mode;
        string? scenario = null;
        switch (positional[0])
        {
            case "run":
                mode = SimMode.Run;
                if (positional.Count < 2) throw new ConfigurationException(Messages.MissingScenario);
                scenario = positional[1];
                if (positional.Count > 2) throw new ConfigurationException(Messages.UnexpectedArgument(positional[2]));
                break;
            case "interactive":
                mode = SimMode.Interactive;
                if (positional.Count > 1) throw new ConfigurationException(Messages.UnexpectedArgument(positional[1]));
                if (stay) throw new ConfigurationException(Messages.StayOnlyWithRun);
                break;
            default:
                throw new ConfigurationException(Messages.UnexpectedArgument(positional[0]) + " " + Messages.MissingMode);
        }

        return new CommandLine(host, port, username, password, room, badges, mode, scenario, stay, culture, lockTimeout);
    }
}
