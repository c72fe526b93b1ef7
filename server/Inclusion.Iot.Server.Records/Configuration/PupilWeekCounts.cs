namespace Inclusion.Iot.Server.Records.Configuration;

/// <summary>
/// R-WEEK: each pupil's correctional sessions this ISO week in the organisation's other rooms, counted at
/// <see cref="CountedAt"/>. Pupils without any are absent.
/// </summary>
public sealed record PupilWeekCounts(DateTimeOffset CountedAt, IReadOnlyDictionary<string, int> SessionsElsewhere);
