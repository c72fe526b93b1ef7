namespace Inclusion.Iot.Server.Records.Programmes;

/// <summary>Someone else changed the programme since the form was read: nothing was saved; reload and edit again.</summary>
public sealed class ProgrammeConflictException : Exception
{
    public ProgrammeConflictException()
        : base("The programme was changed by someone else since it was read.")
    {
    }

    public ProgrammeConflictException(string message)
        : base(message)
    {
    }

    public ProgrammeConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
