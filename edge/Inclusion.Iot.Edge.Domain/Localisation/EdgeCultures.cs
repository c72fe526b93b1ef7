using System.Globalization;

namespace Inclusion.Iot.Edge.Domain.Localisation;

/// <summary>
/// The edge's three languages (English, Russian, Ukrainian) and how a culture name anyone gives us (a browser's
/// Accept-Language, LANG, a test) becomes one of them. The edge runs in invariant globalization mode (no ICU: 6.4 MiB less
/// on a Pi, bench/README.md), where <see cref="CultureInfo"/> knows no language's data: "uk-UA" has the invariant culture
/// as its parent, <see cref="CultureInfo.TwoLetterISOLanguageName"/> is "iv" and LANG is not read. So the edge never asks
/// the runtime what a culture is: it takes the language subtag of the name and matches it against its own list, and its
/// resources are looked up in that neutral culture. Nothing here formats dates or numbers: the edge writes those
/// invariantly and the panel formats them in the browser.
/// </summary>
public static class EdgeCultures
{
    /// <summary>The languages the edge ships, the first the fallback.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "ru", "uk"];

    private static readonly System.Buffers.SearchValues<char> Separators = System.Buffers.SearchValues.Create("-_.@");

    private static readonly CultureInfo[] Cultures = [.. Languages.Select(CultureInfo.GetCultureInfo)];

    /// <summary>English: what the edge speaks when nobody asked for Russian or Ukrainian.</summary>
    public static CultureInfo Fallback => Cultures[0];

    /// <summary>The neutral cultures of <see cref="Languages"/>, in that order.</summary>
    public static IReadOnlyList<CultureInfo> All => Cultures;

    /// <summary>
    /// The edge's culture for a culture or locale name: "uk", "uk-UA", "uk_UA.UTF-8", "ru_RU@euro" and "RU" all give
    /// theirs; anything else (empty, "C", "POSIX", "de-DE", "*") gives null.
    /// </summary>
    public static CultureInfo? Resolve(ReadOnlySpan<char> name)
    {
        var end = name.IndexOfAny(Separators);
        var language = end < 0 ? name : name[..end];
        foreach (var culture in Cultures)
        {
            if (language.Equals(culture.Name, StringComparison.OrdinalIgnoreCase)) return culture;
        }

        return null;
    }

    /// <summary>The edge's culture for <paramref name="culture"/> (its name resolved), or English.</summary>
    public static CultureInfo Of(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return Resolve(culture.Name) ?? Fallback;
    }

    /// <summary>The edge's culture for the current UI culture: where every resource lookup starts.</summary>
    public static CultureInfo CurrentUI => Of(CultureInfo.CurrentUICulture);

    /// <summary>The language code of the current UI culture for HTML's lang and the panel's JSON: "en", "ru" or "uk".</summary>
    public static string CurrentLanguage => CurrentUI.Name;

    /// <summary>
    /// The process's language as POSIX chooses it (LC_ALL, then LC_MESSAGES, then LANG; the first one set decides), as
    /// one of the edge's cultures, or English.
    /// </summary>
    public static CultureInfo FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        foreach (var name in (ReadOnlySpan<string>)["LC_ALL", "LC_MESSAGES", "LANG"])
        {
            if (variable(name) is { Length: > 0 } value) return Resolve(value) ?? Fallback;
        }

        return Fallback;
    }

    /// <summary>
    /// Display names in alphabetical order for the three languages, without ICU: letters by the Ukrainian and Russian
    /// alphabets together (а б в г ґ д е ё є ж з и і ї й … ь ю я; Latin before Cyrillic), case only breaking a tie
    /// (lower first), digits before letters, spaces and punctuation before both. Ordinal comparison would put І, Ї, Є and
    /// Ґ after Я and every capital before every small letter.
    /// </summary>
    public static IComparer<string> DisplayNameOrder { get; } = new DisplayNameComparer();

    private sealed class DisplayNameComparer : IComparer<string>
    {
        private const string Cyrillic = "абвгґдеёєжзиіїйклмнопрстуфхцчшщъыьэюя";

        public int Compare(string? x, string? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            var length = Math.Min(x.Length, y.Length);
            for (var i = 0; i < length; i++)
            {
                var primary = Weight(x[i]).CompareTo(Weight(y[i]));
                if (primary != 0) return primary;
            }

            if (x.Length != y.Length) return x.Length.CompareTo(y.Length);
            for (var i = 0; i < length; i++)
            {
                // The same letters: lower case first, as a dictionary does.
                var xUpper = char.IsUpper(x[i]);
                if (xUpper != char.IsUpper(y[i])) return xUpper ? 1 : -1;
            }

            return string.CompareOrdinal(x, y);
        }

        private static int Weight(char c)
        {
            var lower = char.ToLowerInvariant(c);
            if (lower is >= 'a' and <= 'z') return 0x20000 + lower;
            var cyrillic = Cyrillic.IndexOf(lower, StringComparison.Ordinal);
            if (cyrillic >= 0) return 0x30000 + cyrillic;
            if (char.IsDigit(c)) return 0x10000 + c;
            if (char.IsLetter(c)) return 0x40000 + lower;
            return c;
        }
    }
}
