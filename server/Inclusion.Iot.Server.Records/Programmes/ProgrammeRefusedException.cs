namespace Inclusion.Iot.Server.Records.Programmes;

/// <summary>The draft was refused: nothing was saved and nothing audited.</summary>
public sealed class ProgrammeRefusedException : Exception
{
    public ProgrammeRefusedException()
        : this([])
    {
    }

    public ProgrammeRefusedException(string message)
        : base(message)
    {
        Problems = [];
    }

    public ProgrammeRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    public ProgrammeRefusedException(IReadOnlyList<ProgrammeProblem> problems)
        : base("The programme was refused: " + string.Join("; ", problems ?? []))
    {
        Problems = problems ?? [];
    }

    public IReadOnlyList<ProgrammeProblem> Problems { get; }
}
