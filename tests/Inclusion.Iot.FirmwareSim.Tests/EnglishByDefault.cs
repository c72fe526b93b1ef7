using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Inclusion.Iot.FirmwareSim.Tests;

/// <summary>
/// The tests assert firmware-sim's English text, whatever LANG the machine running them has: English is the default
/// UI culture of every thread here. Tests of other languages set theirs in a <c>UICulture.Use</c> scope or pass
/// <c>--culture</c>.
/// </summary>
internal static class EnglishByDefault
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "A test assembly: the culture must be pinned before any test runs, and xunit 2 has no assembly fixture.")]
    internal static void Pin()
    {
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.GetCultureInfo("en");
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
    }
}
