namespace Inclusion.Iot.Server.Records.Programmes;

/// <summary>
/// Why a draft was refused: a code the pages translate (resource <c>Programme_Error_{Code}</c>) and its arguments
/// (service and slot numbers from 1, limits). Never holds a name or a badge UID.
/// </summary>
public sealed record ProgrammeProblem(string Code, params object[] Arguments)
{
    public override string ToString() => Arguments.Length == 0 ? Code : $"{Code}({string.Join(", ", Arguments)})";
}
