namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>
/// R-SCHED: a correctional session may begin from <see cref="ToleranceMinutes"/> before an approved slot's start until the
/// slot's end. Zero or negative means "the preset".
/// </summary>
public sealed record SchedulePolicy
{
    public const int PresetToleranceMinutes = 10;

    public int ToleranceMinutes { get; init; } = PresetToleranceMinutes;

    public TimeSpan Tolerance => TimeSpan.FromMinutes(ToleranceMinutes > 0 ? ToleranceMinutes : PresetToleranceMinutes);
}
