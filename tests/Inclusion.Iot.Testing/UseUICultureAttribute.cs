using System.Globalization;
using System.Reflection;
using Xunit.Sdk;

namespace Inclusion.Iot.Testing;

/// <summary>
/// Runs a test (or every test of a class) in one UI culture, whatever LANG / LC_ALL the run has: start-up messages are
/// written in the process's UI culture, and tests that compare their text pin it.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class UseUICultureAttribute(string name) : BeforeAfterTestAttribute
{
    private CultureInfo? _previous;

    public string Name { get; } = name;

    public override void Before(MethodInfo methodUnderTest)
    {
        _previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(Name);
    }

    public override void After(MethodInfo methodUnderTest)
    {
        if (_previous is not null) CultureInfo.CurrentUICulture = _previous;
    }
}
