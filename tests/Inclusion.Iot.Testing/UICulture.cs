using System.Globalization;

namespace Inclusion.Iot.Testing;

/// <summary>Sets <see cref="CultureInfo.CurrentUICulture"/> until disposed (it flows into awaited calls).</summary>
public static class UICulture
{
    public static IDisposable Use(string name)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
        return new Restore(previous);
    }

    private sealed class Restore(CultureInfo previous) : IDisposable
    {
        public void Dispose() => CultureInfo.CurrentUICulture = previous;
    }
}
