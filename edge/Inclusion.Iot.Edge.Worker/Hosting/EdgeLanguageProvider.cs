using Inclusion.Iot.Edge.Domain.Localisation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Primitives;

namespace Inclusion.Iot.Edge.Worker.Hosting;

/// <summary>
/// One of ASP.NET Core's request culture providers (query string, cookie, Accept-Language), its answers mapped to the
/// edge's languages: "uk-UA" becomes "uk" here, because in invariant globalization mode the middleware's own fallback to
/// a parent culture ends at the invariant culture, and a Ukrainian browser would get English. Names that are none of the
/// three are dropped, so the next provider (and at last English) has its say; the order of preference is kept.
/// </summary>
internal sealed class EdgeLanguageProvider(IRequestCultureProvider inner) : IRequestCultureProvider
{
    public async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        if (await inner.DetermineProviderCultureResult(httpContext).ConfigureAwait(false) is not { } result) return null;
        var cultures = Map(result.Cultures);
        var uiCultures = Map(result.UICultures);
        if (cultures.Count == 0 && uiCultures.Count == 0) return null;
        return new ProviderCultureResult(cultures.Count > 0 ? cultures : uiCultures, uiCultures.Count > 0 ? uiCultures : cultures);
    }

    private static List<StringSegment> Map(IList<StringSegment> names)
    {
        var mapped = new List<StringSegment>(names.Count);
        foreach (var name in names)
        {
            if (EdgeCultures.Resolve(name.AsSpan()) is { } culture && !mapped.Contains(culture.Name)) mapped.Add(culture.Name);
        }

        return mapped;
    }
}
