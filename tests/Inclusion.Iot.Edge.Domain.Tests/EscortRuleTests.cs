using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Tests;

public sealed class EscortRuleTests
{
    private static readonly StaffCard Specialist = new() { StaffId = "s", DisplayName = "S", BadgeHash = [1], CanEscort = true };
    private static readonly StaffCard Assistant = Specialist with { StaffId = "a", AssignedPupilIds = ["p1"] };
    private static readonly PupilCard P1 = new() { PupilId = "p1", DisplayName = "One", BadgeHash = [2] };
    private static readonly PupilCard P2 = P1 with { PupilId = "p2" };

    [Fact]
    public void R_ESCORT_specialist_escorts_any_pupil_without_a_tutor_requirement() => Assert.True(EscortRule.MayEscort(Specialist, P2));

    [Fact]
    public void R_ESCORT_assistant_escorts_only_assigned_pupils()
    {
        Assert.True(EscortRule.MayEscort(Assistant, P1));
        Assert.False(EscortRule.MayEscort(Assistant, P2));
    }

    [Fact]
    public void R_ESCORT_personal_tutor_requirement_needs_the_assignment()
    {
        Assert.False(EscortRule.MayEscort(Specialist, P1 with { RequiresPersonalTutor = true }));
        Assert.True(EscortRule.MayEscort(Assistant, P1 with { RequiresPersonalTutor = true }));
    }

    [Fact]
    public void R_ESCORT_staff_without_the_escort_permission_escort_nobody() =>
        Assert.False(EscortRule.MayEscort(Assistant with { CanEscort = false }, P1));
}
