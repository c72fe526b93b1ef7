using Inclusion.Iot.Testing;
using System.Reflection;
using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Tests;

public sealed class LocalisationTests
{
    [Theory]
    [InlineData("Api", "SharedResource")]
    [InlineData("Api", "StartupMessages")]
    [InlineData("Data", "StartupMessages")]
    public void The_en_ru_and_uk_resource_files_have_identical_keys_placeholders_and_no_empty_values(string project, string baseName)
    {
        var resources = Path.Combine(ProjectDirectory(project), "Resources");
        var english = ResxFile.Read(Path.Combine(resources, $"{baseName}.resx"));
        Assert.NotEmpty(english);
        foreach (var culture in new[] { "ru", "uk" })
        {
            var translated = ResxFile.Read(Path.Combine(resources, $"{baseName}.{culture}.resx"));
            Assert.Equal(english.Keys, translated.Keys);
            foreach (var (key, value) in translated)
            {
                Assert.False(string.IsNullOrWhiteSpace(value), $"{project} {baseName}.{culture}: {key} is empty");
                Assert.True(
                    ResxFile.Placeholders(english[key]).SetEquals(ResxFile.Placeholders(value)),
                    $"{project} {baseName}.{culture}: {key} has other placeholders than English: '{value}'");
            }
        }
    }

    [Theory]
    [InlineData("Api")]
    [InlineData("Data")]
    public void Every_start_up_message_has_its_resource_and_every_resource_its_message(string project)
    {
        var assembly = project == "Api" ? typeof(Program).Assembly : typeof(StorageOptions).Assembly;
        var messages = assembly.GetType($"{assembly.GetName().Name}.StartupMessages", throwOnError: true)!;
        var keys = ResxFile.Read(Path.Combine(ProjectDirectory(project), "Resources", "StartupMessages.resx")).Keys;
        var methods = messages.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Select(m => m.Name).Order(StringComparer.Ordinal);
        Assert.Equal(keys, methods);
    }

    private static string ProjectDirectory(string project) =>
        project == "Api" ? ServerLayout.ApiProjectDirectory : ServerLayout.DataProjectDirectory;
}
