using System.Xml.Linq;

namespace Inclusion.Iot.Server.Tests;

public sealed class LocalisationTests
{
    [Fact]
    public void The_en_ru_and_uk_resource_files_have_identical_key_sets_and_no_empty_values()
    {
        var resources = Path.Combine(ServerLayout.ApiProjectDirectory, "Resources");
        var english = Keys(Path.Combine(resources, "SharedResource.resx"));
        Assert.NotEmpty(english);
        foreach (var culture in new[] { "ru", "uk" })
        {
            var translated = Keys(Path.Combine(resources, $"SharedResource.{culture}.resx"));
            Assert.Equal(english.Keys.Order(StringComparer.Ordinal), translated.Keys.Order(StringComparer.Ordinal));
            Assert.All(translated, pair => Assert.False(string.IsNullOrWhiteSpace(pair.Value), $"{culture}: {pair.Key} is empty"));
        }
    }

    private static Dictionary<string, string> Keys(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty, StringComparer.Ordinal);
}
