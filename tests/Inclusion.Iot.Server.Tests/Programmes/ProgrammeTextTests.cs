using System.Text.RegularExpressions;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.Server.Tests.Programmes;

public sealed partial class ProgrammeTextTests
{
    [Fact]
    public void Every_reason_the_programme_records_give_has_its_text_in_the_pages_resources_and_every_text_a_reason()
    {
        var source = File.ReadAllText(Path.Combine(RepositoryLayout.Project("server/Inclusion.Iot.Server.Records"), "Programmes", "ProgrammeRecords.cs"));
        var codes = Code().Matches(source).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        // The codes passed through Text(...) and Escort(...) as arguments.
        foreach (Match passed in Passed().Matches(source))
        {
            codes.UnionWith(passed.Groups.Cast<Group>().Skip(1).Select(g => g.Value).Where(v => v.Length > 0));
        }

        Assert.Contains("SlotOverlap", codes);
        Assert.Contains("TutorMissing", codes);
        var resources = ResxFile.Read(Path.Combine(ServerLayout.ApiProjectDirectory, "Resources", "SharedResource.resx")).Keys
            .Where(k => k.StartsWith("Programme_Error_", StringComparison.Ordinal)).Select(k => k["Programme_Error_".Length..])
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(codes.Order(StringComparer.Ordinal), resources.Order(StringComparer.Ordinal));
    }

    [GeneratedRegex("new ProgrammeProblem\\(\"([A-Za-z]+)\"")]
    private static partial Regex Code();

    [GeneratedRegex("(?:Text|Escort)\\(draft\\.[^;]*?\"([A-Za-z]+)\"[^;]*?\"([A-Za-z]+)\"\\);")]
    private static partial Regex Passed();
}
