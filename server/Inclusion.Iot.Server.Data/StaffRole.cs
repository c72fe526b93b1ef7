namespace Inclusion.Iot.Server.Data;

public enum StaffRole
{
    Specialist = 1,
    PupilAssistant = 2,
    TeacherAssistant = 3,
    OutsideSpecialist = 4,
    Tutor = 5,
}
