using System.Xml.Linq;

namespace Inclusion.Iot.Edge.Worker.Tests;

public sealed class ResourceTests
{
    [Fact]
    public void The_en_ru_and_uk_resx_files_have_identical_key_sets()
    {
        var folder = Path.Combine(TestPaths.WorkerProject, "Resources");
        var en = Keys(Path.Combine(folder, "SharedResource.resx"));
        Assert.NotEmpty(en);
        Assert.Equal(en, Keys(Path.Combine(folder, "SharedResource.ru.resx")));
        Assert.Equal(en, Keys(Path.Combine(folder, "SharedResource.uk.resx")));
    }

    [Fact]
    public void Every_refusal_reason_has_a_panel_message()
    {
        var keys = Keys(Path.Combine(TestPaths.WorkerProject, "Resources", "SharedResource.resx"));
        foreach (var reason in Enum.GetValues<Domain.Room.RefusalReason>())
        {
            Assert.Contains($"Refusal_{Panel.PanelEndpoints.ReasonCode(reason)}", keys);
        }
    }

    private static SortedSet<string> Keys(string path) =>
        new(XDocument.Load(path).Root!.Elements("data").Select(e => (string)e.Attribute("name")!), StringComparer.Ordinal);
}
