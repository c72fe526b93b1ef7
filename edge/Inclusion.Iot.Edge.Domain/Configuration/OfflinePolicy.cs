namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>
/// What the edge honours from its cached configuration while it cannot reach the server: escort permissions for
/// <see cref="EscortPermissionDays"/> days after the server last answered (then nobody is admitted until it answers again).
/// A revocation takes effect at the next sync; weekly counts reconcile on every answer. Zero or negative means "the preset".
/// </summary>
public sealed record OfflinePolicy
{
    public const int PresetEscortPermissionDays = 14;

    public int EscortPermissionDays { get; init; } = PresetEscortPermissionDays;

    public TimeSpan EscortPermissionAge => TimeSpan.FromDays(EscortPermissionDays > 0 ? EscortPermissionDays : PresetEscortPermissionDays);
}
