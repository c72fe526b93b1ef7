using Inclusion.Iot.Edge.Domain.Localisation;

namespace Inclusion.Iot.Edge.Domain.Tests.Localisation;

public sealed class EdgeCulturesTests
{
    [Theory]
    [InlineData("uk", "uk")]
    [InlineData("uk-UA", "uk")]
    [InlineData("UK-ua", "uk")]
    [InlineData("uk_UA.UTF-8", "uk")]
    [InlineData("ru_RU.UTF-8", "ru")]
    [InlineData("ru_UA@euro", "ru")]
    [InlineData("RU", "ru")]
    [InlineData("en-GB", "en")]
    [InlineData("en_US.UTF-8", "en")]
    public void A_culture_or_locale_name_resolves_to_its_language(string name, string expected)
    {
        Assert.Equal(expected, EdgeCultures.Resolve(name)?.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("C")]
    [InlineData("C.UTF-8")]
    [InlineData("POSIX")]
    [InlineData("de-DE")]
    [InlineData("*")]
    [InlineData("ukr")]
    [InlineData("-uk")]
    public void A_name_of_none_of_the_three_resolves_to_nothing(string name)
    {
        Assert.Null(EdgeCultures.Resolve(name));
    }

    [Fact]
    public void The_languages_are_english_russian_and_ukrainian_with_english_the_fallback()
    {
        Assert.Equal(["en", "ru", "uk"], EdgeCultures.All.Select(c => c.Name));
        Assert.Equal("en", EdgeCultures.Fallback.Name);
        Assert.Equal("en", EdgeCultures.Of(System.Globalization.CultureInfo.InvariantCulture).Name);
        Assert.Equal("uk", EdgeCultures.Of(System.Globalization.CultureInfo.GetCultureInfo("uk-UA")).Name);
    }

    [Theory]
    [InlineData("uk_UA.UTF-8", "ru_RU.UTF-8", "en_US.UTF-8", "uk")] // LC_ALL wins
    [InlineData(null, "ru_RU.UTF-8", "uk_UA.UTF-8", "ru")]          // then LC_MESSAGES
    [InlineData(null, null, "uk_UA.UTF-8", "uk")]                   // then LANG
    [InlineData("", "", "ru_RU.UTF-8", "ru")]                       // an empty variable is not set
    [InlineData("C", null, "uk_UA.UTF-8", "en")]                    // the first one set decides, even when it is none of ours
    [InlineData(null, null, null, "en")]
    public void The_process_language_follows_posix_precedence(string? lcAll, string? lcMessages, string? lang, string expected)
    {
        var environment = new Dictionary<string, string?> { ["LC_ALL"] = lcAll, ["LC_MESSAGES"] = lcMessages, ["LANG"] = lang };
        Assert.Equal(expected, EdgeCultures.FromEnvironment(name => environment.GetValueOrDefault(name)).Name);
    }

    [Fact]
    public void Ukrainian_names_sort_by_the_ukrainian_alphabet()
    {
        string[] alphabetical = ["Андрій", "Богдан", "Гліб", "Ґанна", "Дарина", "Євген", "Захар", "Ігор", "Їжачок", "Йосип", "Мар'яна", "Марія", "Юрій", "Яна"];
        Assert.Equal(alphabetical, alphabetical.Reverse().OrderBy(n => n, EdgeCultures.DisplayNameOrder));
    }

    [Fact]
    public void Russian_names_sort_by_the_russian_alphabet()
    {
        string[] alphabetical = ["Алёна", "Алиса", "Ёжик", "Жанна", "Эдуард", "Юлия", "Яков"];
        Assert.Equal(alphabetical, alphabetical.Reverse().OrderBy(n => n, EdgeCultures.DisplayNameOrder));
    }

    [Fact]
    public void Case_only_breaks_a_tie_and_shorter_names_come_first()
    {
        string[] alphabetical = ["anna", "Anna", "Annabel", "boris", "Віра", "віра б.", "Віра Б."];
        Assert.Equal(alphabetical, alphabetical.Reverse().OrderBy(n => n, EdgeCultures.DisplayNameOrder));
    }

    [Fact]
    public void Digits_come_before_letters_and_latin_before_cyrillic()
    {
        string[] alphabetical = ["2-Б клас", "Zoe", "Анна"];
        Assert.Equal(alphabetical, alphabetical.Reverse().OrderBy(n => n, EdgeCultures.DisplayNameOrder));
    }

    [Fact]
    public void The_order_is_a_total_order()
    {
        var order = EdgeCultures.DisplayNameOrder;
        Assert.Equal(0, order.Compare("Ірина", "Ірина"));
        Assert.True(order.Compare(null, "a") < 0);
        Assert.True(order.Compare("a", null) > 0);
        Assert.Equal(0, order.Compare(null, null));
        string[] names = ["Ірина", "ірина", "Ирина", "Iryna", "Їжак", "Є", "є", "Ґ", "г", "Г"];
        foreach (var a in names)
        {
            foreach (var b in names)
            {
                Assert.Equal(-Math.Sign(order.Compare(b, a)), Math.Sign(order.Compare(a, b)));
            }
        }
    }
}
