using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Inclusion.Iot.Testing;

/// <summary>One .resx file's entries, and the placeholders (<c>{0}</c>, <c>{1:N0}</c>…) of a value.</summary>
public static partial class ResxFile
{
    public static SortedDictionary<string, string> Read(string path) =>
        new(XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty), StringComparer.Ordinal);

    public static SortedSet<int> Placeholders(string value) =>
        new(Placeholder().Matches(value).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));

    [GeneratedRegex(@"(?<!\{)\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}
