namespace Inclusion.Iot.Server.Records.Configuration;

/// <summary>R-ADAPT: the adaptation period of the pupil's current programme, its first day and each week's cap in minutes.</summary>
public sealed record ConfiguredAdaptation(DateOnly StartsOn, IReadOnlyList<int> MinutesByWeek);
