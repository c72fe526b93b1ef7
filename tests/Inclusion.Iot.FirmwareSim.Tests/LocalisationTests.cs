using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Inclusion.Iot.FirmwareSim.Configuration;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.FirmwareSim.Tests;

/// <summary>firmware-sim's text in English, Russian and Ukrainian: resource files, the <c>--culture</c> option, the fallback.</summary>
public sealed partial class LocalisationTests
{
    private static readonly string ResourceDir = Path.Combine(RepositoryLayout.Project("firmware-sim/Inclusion.Iot.FirmwareSim"), "Resources");
    private static readonly string[] Languages = ["en", "ru", "uk"];

    private static SortedDictionary<string, string> ReadResx(string file) => ResxFile.Read(Path.Combine(ResourceDir, file));

    /// <summary><c>{0}</c>, <c>{1:0.0}</c>, <c>{0,6:0.00}</c>: index, alignment and format, as a translation must keep them.</summary>
    [GeneratedRegex(@"\{\d+(,\s*-?\d+)?(:[^{}]*)?\}")]
    private static partial Regex Placeholder();

    private static List<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void The_three_resource_files_have_the_same_keys_and_placeholders()
    {
        var en = ReadResx("Messages.resx");
        Assert.True(en.Count > 50, "Messages.resx has only " + en.Count + " entries");
        foreach (var file in new[] { "Messages.ru.resx", "Messages.uk.resx" })
        {
            var translated = ReadResx(file);
            Assert.Equal(en.Keys.Order(StringComparer.Ordinal), translated.Keys.Order(StringComparer.Ordinal));
            foreach (var (key, text) in en)
            {
                Assert.False(string.IsNullOrWhiteSpace(translated[key]), $"{file}: {key} is empty");
                Assert.True(Placeholders(text).SequenceEqual(Placeholders(translated[key])),
                    $"{file}: {key} has [{string.Join(' ', Placeholders(translated[key]))}], English has [{string.Join(' ', Placeholders(text))}]");
            }
        }
    }

    [Fact]
    public void Every_resource_key_is_used_by_Messages()
    {
        var source = File.ReadAllText(Path.Combine(RepositoryLayout.Project("firmware-sim/Inclusion.Iot.FirmwareSim"), "Messages.cs"));
        var unused = ReadResx("Messages.resx").Keys
            .Where(k => !source.Contains("nameof(" + k + ")", StringComparison.Ordinal) && !source.Contains('"' + k + '"', StringComparison.Ordinal))
            .ToList();
        Assert.Empty(unused);
    }

    [Theory]
    [InlineData("ru")]
    [InlineData("uk")]
    public void The_satellite_assemblies_carry_every_key(string language)
    {
        var resources = new ResourceManager("Inclusion.Iot.FirmwareSim.Resources.Messages", typeof(Messages).Assembly);
        var set = resources.GetResourceSet(CultureInfo.GetCultureInfo(language), createIfNotExists: true, tryParents: false);
        Assert.NotNull(set);
        var missing = ReadResx("Messages.resx").Keys.Where(k => set.GetString(k) is null).ToList();
        Assert.Empty(missing);
    }

    /// <summary>Every member of <see cref="Messages"/>, every branch (true/false, null/not null), in every language: no missing key, no bad format.</summary>
    [Theory]
    [InlineData("en")]
    [InlineData("ru")]
    [InlineData("uk")]
    public void Every_message_formats_in_every_language(string language)
    {
        using var _ = UICulture.Use(language);
        var nullability = new NullabilityInfoContext();
        var count = 0;
        foreach (var method in typeof(Messages).GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            var choices = method.GetParameters().Select(p => Samples(p, nullability)).ToList();
            foreach (var args in Combinations(choices))
            {
                var text = (string?)method.Invoke(null, args);
                Assert.False(string.IsNullOrWhiteSpace(text), $"{method.Name} is empty in {language}");
                count++;
            }
        }

        Assert.True(count >= 99, "only " + count + " messages checked");
    }

    private static object?[] Samples(ParameterInfo p, NullabilityInfoContext nullability)
    {
        var type = p.ParameterType;
        if (type == typeof(string)) return nullability.Create(p).WriteState == NullabilityState.Nullable ? [null, "sample"] : ["sample"];
        if (type == typeof(int)) return [3];
        if (type == typeof(long)) return [1500L];
        if (type == typeof(double)) return [1.5];
        if (type == typeof(double?)) return [null, 1.5];
        if (type == typeof(bool)) return [true, false];
        throw new InvalidOperationException($"no sample for {p.Member.Name}({type.Name} {p.Name})");
    }

    private static IEnumerable<object?[]> Combinations(List<object?[]> choices) =>
        choices.Aggregate<object?[], IEnumerable<object?[]>>([[]], (acc, options) => acc.SelectMany(a => options.Select(o => a.Append(o).ToArray())));

    [Fact]
    public void Russian_and_Ukrainian_messages_are_translated()
    {
        using (UICulture.Use("ru"))
        {
            Assert.Equal("Неизвестный параметр '--verbose'.", Messages.UnknownOption("--verbose"));
            Assert.Equal("[entry-reader] приложена карта 04A1B2C3 (olena)", Messages.BadgeTapped("entry-reader", "04A1B2C3", "olena"));
            Assert.Equal("[  1,50 с] шаг 2: дверь открыта (door)", Messages.ScenarioStep(1.5, 2, Messages.DescribeDoor(true, "door")));
            Assert.StartsWith("Использование: Inclusion.Iot.FirmwareSim --mqtt-host H", Messages.Usage, StringComparison.Ordinal);
        }

        using (UICulture.Use("uk"))
        {
            Assert.Equal("Невідомий параметр '--verbose'.", Messages.UnknownOption("--verbose"));
            Assert.Equal("[entry-reader] прикладено картку 04A1B2C3 (olena)", Messages.BadgeTapped("entry-reader", "04A1B2C3", "olena"));
            Assert.Equal("Сценарій 'demo' завершено за 12,5 с", Messages.ScenarioDone("demo", 12.5));
            Assert.StartsWith("Команди:\n  tap <name|UID> [reader]   прикласти картку", Messages.InteractiveHelp.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("ru-RU", "Неизвестный параметр '-x'.")]
    [InlineData("uk-UA", "Невідомий параметр '-x'.")]
    [InlineData("en-GB", "Unknown option '-x'.")]
    [InlineData("de-DE", "Unknown option '-x'.")]
    [InlineData("", "Unknown option '-x'.")]
    public void Regional_cultures_use_their_language_and_unsupported_ones_fall_back_to_English(string culture, string expected)
    {
        using var _ = UICulture.Use(culture);
        Assert.Equal(expected, Messages.UnknownOption("-x"));
    }

    [Fact]
    public void English_numbers_stay_invariant_whatever_the_regional_format()
    {
        using var _ = UICulture.Use("de-DE");
        Assert.Equal("[  1.50 s] step 0: sample", Messages.ScenarioStep(1.5, 0, "sample"));
    }

    [Theory]
    [InlineData("ru", "ru")]
    [InlineData("UK", "uk")]
    [InlineData("en", "en")]
    public void The_culture_option_is_parsed(string value, string expected)
    {
        var cli = CommandLine.Parse(["--mqtt-host", "h", "--mqtt-port", "1", "--room-config", "r.json", "--culture", value, "interactive"]);
        Assert.Equal(expected, cli.Culture);
        Assert.Equal(expected, CommandLine.ReadCulture(["interactive", "--culture", value])!.Name);
        Assert.Null(CommandLine.ReadCulture(["interactive"]));
    }

    [Theory]
    [InlineData("--culture fr interactive", "--culture: 'fr' is not supported")]
    [InlineData("--culture ru-RU interactive", "--culture: 'ru-RU' is not supported")]
    [InlineData("interactive --culture", "'--culture' needs a value")]
    [InlineData("--culture --mqtt-host h", "'--culture' needs a value")]
    [InlineData("--culture ru --culture uk", "'--culture' is given twice")]
    public void A_bad_culture_option_is_an_error_naming_it(string args, string expected)
    {
        var e = Assert.Throws<ConfigurationException>(() => CommandLine.ReadCulture(args.Split(' ')));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_culture_exits_2_naming_the_option()
    {
        var stderr = new StringWriter();
        var code = await SimApp.RunAsync(["--culture", "fr", "--mqtt-host", "h", "--mqtt-port", "1", "--room-config", "r.json", "interactive"],
            TextReader.Null, TextWriter.Null, stderr, CancellationToken.None);
        Assert.Equal(SimApp.ExitUsage, code);
        Assert.StartsWith("firmware-sim: --culture: 'fr' is not supported; use en, ru or uk.", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_and_errors_come_in_the_chosen_language_and_the_callers_culture_is_left_alone()
    {
        var stdout = new StringWriter();
        Assert.Equal(SimApp.ExitOk, await SimApp.RunAsync(["--help", "--culture", "ru"], TextReader.Null, stdout, TextWriter.Null, CancellationToken.None));
        Assert.StartsWith("Использование:", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("--culture en|ru|uk", stdout.ToString(), StringComparison.Ordinal);

        var stderr = new StringWriter();
        var code = await SimApp.RunAsync(["--culture", "uk", "--mqtt-host", "h", "--room-config", "r.json", "interactive"],
            TextReader.Null, TextWriter.Null, stderr, CancellationToken.None);
        Assert.Equal(SimApp.ExitUsage, code);
        Assert.StartsWith("firmware-sim: Не вказано обов'язковий параметр '--mqtt-port'.", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("Використання:", stderr.ToString(), StringComparison.Ordinal);

        Assert.Equal("en", CultureInfo.CurrentUICulture.Name);
        Assert.Equal("Unknown option '-x'.", Messages.UnknownOption("-x"));
    }
}

/// <summary>A whole run in Ukrainian: the scenario's lines and the devices' lines printed from their MQTT callbacks.</summary>
public sealed class LocalisedRunTests(InProcessMqttBroker broker) : IClassFixture<InProcessMqttBroker>
{
    [Fact]
    public async Task A_scenario_run_with_culture_uk_prints_Ukrainian()
    {
        using var dir = new ScratchDirectory("sim-culture");
        var file = dir.File("s.json");
        await File.WriteAllTextAsync(file,
            """
            {"name":"uk","steps":[
              {"action":"raw","topic":"zigbee2mqtt/sensory1-ceiling/set","payload":"not json"},
              {"action":"raw","topic":"zigbee2mqtt/sensory1-ceiling/set","payload":{"brightness":10,"transition":1.5}},
              {"action":"wait_for","topic":"zigbee2mqtt/sensory1-ceiling","contains":"\"brightness\":10","timeout_ms":5000},
              {"action":"badge","badge":"olena"}
            ]}
            """);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await SimApp.RunAsync(
            ["--mqtt-host", "127.0.0.1", "--mqtt-port", broker.Port.ToString(CultureInfo.InvariantCulture), "--room-config", RepositoryLayout.DemoRoomFile,
             "--badges", Paths.Scenario("badges.json"), "--culture", "uk", "run", file],
            TextReader.Null, stdout, stderr, CancellationToken.None);

        var text = stdout.ToString();
        Assert.True(code == 0, text + "\n" + stderr);
        Assert.Contains("Підключаємо імітовані пристрої (", text, StringComparison.Ordinal);
        Assert.Contains("крок 0: raw-публікація в zigbee2mqtt/sensory1-ceiling/set", text, StringComparison.Ordinal);
        Assert.Contains("некоректну команду в zigbee2mqtt/sensory1-ceiling/set проігноровано", text, StringComparison.Ordinal);
        Assert.Contains("brightness 10 color_temp", text, StringComparison.Ordinal);
        Assert.Contains("(плавно за 1,5 с)", text, StringComparison.Ordinal);
        Assert.Contains("крок 3: картка 04A1B2C3 (olena) на entry-reader", text, StringComparison.Ordinal);
        Assert.Contains("[entry-reader] прикладено картку 04A1B2C3 (olena)", text, StringComparison.Ordinal);
        Assert.Contains("Сценарій 'uk' завершено за", text, StringComparison.Ordinal);
        Assert.Contains("Зупиняємо імітовані пристрої", text, StringComparison.Ordinal);
        Assert.DoesNotContain("step ", text, StringComparison.Ordinal);
    }
}
