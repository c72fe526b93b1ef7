using System.Net;
using System.Text.RegularExpressions;

namespace Inclusion.Iot.Server.Tests.Programmes;

/// <summary>
/// A form as a browser would submit it: the fields of one <c>&lt;form id=…&gt;</c> of a page (inputs with their values,
/// checked boxes only, selected options, textareas), which a test then changes field by field.
/// </summary>
public sealed partial class HtmlForm
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    public static HtmlForm Parse(string html, string formId)
    {
        ArgumentNullException.ThrowIfNull(html);
        var form = new HtmlForm();
        var start = html.IndexOf($"id=\"{formId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"The page has no form '{formId}'.");
        var body = html[start..html.IndexOf("</form>", start, StringComparison.Ordinal)];
        foreach (Match element in Element().Matches(body))
        {
            var tag = element.Value;
            var name = Attribute(tag, "name");
            if (name is null)
            {
                continue;
            }

            if (tag.StartsWith("<input", StringComparison.Ordinal))
            {
                var type = Attribute(tag, "type") ?? "text";
                if (type is "checkbox" or "radio" && Attribute(tag, "checked") is null)
                {
                    continue;
                }

                form._fields.Add(new(name, Attribute(tag, "value") ?? string.Empty));
            }
            else if (tag.StartsWith("<textarea", StringComparison.Ordinal))
            {
                form._fields.Add(new(name, WebUtility.HtmlDecode(element.Groups["text"].Value)));
            }
            else
            {
                var selected = Option().Matches(element.Groups["options"].Value).FirstOrDefault(o => Attribute(o.Value, "selected") is not null)
                    ?? Option().Matches(element.Groups["options"].Value).FirstOrDefault();
                form._fields.Add(new(name, selected is null ? string.Empty : Attribute(selected.Value, "value") ?? string.Empty));
            }
        }

        return form;
    }

    public string? this[string name] => _fields.FirstOrDefault(f => f.Key == name).Value;

    /// <summary>Sets a field to one value (a ticked checkbox: "true"), replacing whatever the form had for it.</summary>
    public HtmlForm Set(string name, string value)
    {
        var at = _fields.FindIndex(f => f.Key == name);
        _fields.RemoveAll(f => f.Key == name);
        _fields.Insert(at < 0 ? _fields.Count : at, new(name, value));
        return this;
    }

    public FormUrlEncodedContent Content() => new(_fields);

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"\\s{name}(?:=\"(?<value>[^\"]*)\")?[\\s/>]");
        return match.Success ? WebUtility.HtmlDecode(match.Groups["value"].Value) : null;
    }

    [GeneratedRegex("<input[^>]*>|<textarea[^>]*>(?<text>.*?)</textarea>|<select[^>]*>(?<options>.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex Element();

    [GeneratedRegex("<option[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Option();
}
