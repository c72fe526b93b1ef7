using Inclusion.Iot.Testing;
using System.Reflection;

namespace Inclusion.Iot.Edge.Worker.Tests;

public sealed class ResourceTests
{
    [Theory]
    [InlineData("SharedResource")]
    [InlineData("StartupMessages")]
    public void The_en_ru_and_uk_resx_files_have_identical_keys_placeholders_and_no_empty_values(string baseName)
    {
        var folder = Path.Combine(TestPaths.WorkerProject, "Resources");
        var en = ResxFile.Read(Path.Combine(folder, $"{baseName}.resx"));
        Assert.NotEmpty(en);
        foreach (var culture in new[] { "ru", "uk" })
        {
            var translated = ResxFile.Read(Path.Combine(folder, $"{baseName}.{culture}.resx"));
            Assert.Equal(en.Keys, translated.Keys);
            foreach (var (key, value) in translated)
            {
                Assert.False(string.IsNullOrWhiteSpace(value), $"{baseName}.{culture}: {key} is empty");
                Assert.True(
                    ResxFile.Placeholders(en[key]).SetEquals(ResxFile.Placeholders(value)),
                    $"{baseName}.{culture}: {key} has other placeholders than English: '{value}'");
            }
        }
    }

    [Fact]
    public void Every_refusal_reason_has_a_panel_message()
    {
        var keys = ResxFile.Read(Path.Combine(TestPaths.WorkerProject, "Resources", "SharedResource.resx")).Keys;
        foreach (var reason in Enum.GetValues<Domain.Room.RefusalReason>())
        {
            Assert.Contains($"Refusal_{Panel.PanelEndpoints.ReasonCode(reason)}", keys);
        }
    }

    [Fact]
    public void Every_start_up_message_has_its_resource_and_every_resource_its_message()
    {
        var keys = ResxFile.Read(Path.Combine(TestPaths.WorkerProject, "Resources", "StartupMessages.resx")).Keys;
        var methods = typeof(StartupMessages).GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Select(m => m.Name).Order(StringComparer.Ordinal);
        Assert.Equal(keys, methods);
    }
}
