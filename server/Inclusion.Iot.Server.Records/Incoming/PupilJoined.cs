using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Incoming;

public sealed record PupilJoined(string SessionId, string PupilId, string? EscortStaffId, string? ProgrammeEntryId, bool AddedOnPanel) : EventBody;
