namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>
/// The visual timer's phase thresholds: the first and the final warning before the planned end, and how long "ended"
/// shows before the session counts as overrunning. Zero or negative means "the shipped preset".
/// </summary>
public sealed record TimerPolicy
{
    public const int PresetFirstWarningSeconds = 300;
    public const int PresetFinalWarningSeconds = 60;
    public const int PresetEndedSeconds = 1;

    public int FirstWarningSeconds { get; init; } = PresetFirstWarningSeconds;
    public int FinalWarningSeconds { get; init; } = PresetFinalWarningSeconds;
    public int EndedSeconds { get; init; } = PresetEndedSeconds;

    public TimeSpan FirstWarning => TimeSpan.FromSeconds(FirstWarningSeconds > 0 ? FirstWarningSeconds : PresetFirstWarningSeconds);

    /// <summary>Never later than the first warning, whatever the server sent.</summary>
    public TimeSpan FinalWarning
    {
        get
        {
            var final = TimeSpan.FromSeconds(FinalWarningSeconds > 0 ? FinalWarningSeconds : PresetFinalWarningSeconds);
            return final < FirstWarning ? final : FirstWarning;
        }
    }

    public TimeSpan Ended => TimeSpan.FromSeconds(EndedSeconds > 0 ? EndedSeconds : PresetEndedSeconds);
}
