using System.Globalization;
using System.Security.Cryptography;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Audit;
using Inclusion.Iot.Server.Records.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Inclusion.Iot.Server.Records.Programmes;

/// <summary>
/// Pupils and their programmes (D-IPR) for the programme pages, in the caller's scope (their organisation's rows only):
/// the list with review status, one programme (every read audited), a new pupil with a first programme, and changes
/// to a programme, its services and their timetable. Every change and its audit entry commit in one transaction; the
/// organisation's configuration version moves with it (<see cref="ServerDbContext"/>), so edges pull the new schedule
/// that the programme plans (R-SCHED). A programme carries a version checked in the UPDATE: an edit made on an older
/// read is refused (<see cref="ProgrammeConflictException"/>), never silently applied.
/// </summary>
public sealed class ProgrammeRecords(ServerDbContext db, TimeProvider time, AuditLog audit, IBadgeHasher badges)
{
    /// <summary>The organisation's pupils by display name, each with the current programme and its review status.</summary>
    public async Task<IReadOnlyList<ProgrammeListing>> ListAsync(string organisationId, CancellationToken cancellationToken)
    {
        var organisation = await OrganisationAsync(organisationId, cancellationToken).ConfigureAwait(false);
        var today = OrganisationCalendar.Today(time.GetUtcNow(), organisation.TimeZone);
        var pupils = await db.Pupils.AsNoTracking().Where(p => p.OrganisationId == organisationId)
            .OrderBy(p => p.DisplayName).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.DisplayName, p.FullName, p.SupportLevel }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var programmes = await db.Programmes.AsNoTracking().Where(p => p.OrganisationId == organisationId)
            .Select(p => new { p.Id, p.PupilId, p.PeriodStart, p.PeriodEnd, p.NextReviewOn, p.LastReviewedOn, Services = p.Entries.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var byPupil = programmes.ToLookup(p => p.PupilId, StringComparer.Ordinal);
        return [.. pupils.Select(pupil =>
        {
            var current = byPupil[pupil.Id]
                .OrderByDescending(p => p.PeriodStart <= today && today <= p.PeriodEnd)
                .ThenByDescending(p => p.PeriodStart).ThenBy(p => p.Id, StringComparer.Ordinal).FirstOrDefault();
            return current is null
                ? new ProgrammeListing(pupil.Id, pupil.DisplayName, pupil.FullName, pupil.SupportLevel, null, null, null, null, null, null, 0)
                : new ProgrammeListing(pupil.Id, pupil.DisplayName, pupil.FullName, pupil.SupportLevel, current.Id, current.PeriodStart,
                    current.PeriodEnd, current.NextReviewOn, current.LastReviewedOn,
                    ReviewRule.DaysOverdue(current.NextReviewOn, current.PeriodEnd, today), current.Services);
        })];
    }

    /// <summary>
    /// The programme, with its pupil, services and timetable; the read is appended to the audit log (action Read, subject
    /// programme) with the reader and their origin. Null when the actor's organisation has no such programme.
    /// </summary>
    public async Task<ProgrammeRecord?> ReadAsync(AuditActor actor, string programmeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var record = await LoadAsync(actor.OrganisationId, programmeId, cancellationToken).ConfigureAwait(false);
        if (record is not null)
        {
            await audit.AppendAsync(actor, AuditAction.Read, AuditSubject.Programme, record.Programme.Id, null, cancellationToken).ConfigureAwait(false);
        }

        return record;
    }

    /// <summary>As <see cref="ReadAsync"/> without the audit entry: for the edit form, whose reading is what the change records.</summary>
    public Task<ProgrammeRecord?> LoadForEditAsync(AuditActor actor, string programmeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return LoadAsync(actor.OrganisationId, programmeId, cancellationToken);
    }

    /// <summary>The organisation's staff and rooms (the new-pupil form's choices) and its zone.</summary>
    public async Task<(IReadOnlyList<StaffMember> Staff, IReadOnlyList<Room> Rooms, string TimeZone)> ChoicesAsync(string organisationId, CancellationToken cancellationToken)
    {
        var organisation = await OrganisationAsync(organisationId, cancellationToken).ConfigureAwait(false);
        var staff = await db.Staff.AsNoTracking().Where(s => s.OrganisationId == organisationId).OrderBy(s => s.DisplayName).ThenBy(s => s.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var rooms = await db.Rooms.AsNoTracking().Where(r => r.OrganisationId == organisationId).OrderBy(r => r.Name).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return (staff, rooms, organisation.TimeZone);
    }

    /// <summary>
    /// A new pupil of the actor's organisation with a first programme, its services and their timetable; the badge UID is
    /// stored as its hash only. Audited as Create of the pupil and of the programme, in the same transaction.
    /// </summary>
    /// <exception cref="ProgrammeRefusedException">The draft breaks a rule; nothing is saved.</exception>
    public async Task<Programme> CreateAsync(AuditActor actor, ProgrammeDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        var organisation = await OrganisationAsync(actor.OrganisationId, cancellationToken).ConfigureAwait(false);
        var context = await ContextAsync(organisation, pupilId: null, cancellationToken).ConfigureAwait(false);
        var problems = Validate(draft, context, isNew: true, lastReviewedOn: null);
        if (problems.Count > 0)
        {
            throw new ProgrammeRefusedException(problems);
        }

        var pupil = new Pupil
        {
            Id = "p-" + RandomHex(6),
            OrganisationId = organisation.Id,
            DisplayName = string.Empty,
            FullName = string.Empty,
            BadgeHash = badges.Hash(organisation.BadgeSalt, draft.BadgeUid!),
        };
        var programme = new Programme { Id = "ipr-" + RandomHex(6), OrganisationId = organisation.Id, PupilId = pupil.Id };
        pupil.Programmes.Add(programme);
        var changes = Apply(draft, context, pupil, programme, []);
        db.Pupils.Add(pupil);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(actor, AuditAction.Create, AuditSubject.Pupil, pupil.Id, $"programme {programme.Id}", cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(actor, AuditAction.Create, AuditSubject.Programme, programme.Id, changes.Summary(), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return programme;
    }

    /// <summary>
    /// Changes the programme, its pupil's record, its services and their timetable to the draft, if nobody changed it since
    /// <see cref="ProgrammeDraft.Version"/>. Audited as Update of the programme, naming what changed (fields, not values).
    /// </summary>
    /// <exception cref="ProgrammeRefusedException">The draft breaks a rule; nothing is saved.</exception>
    /// <exception cref="ProgrammeConflictException">Someone else changed the programme since; nothing is saved.</exception>
    /// <exception cref="KeyNotFoundException">No such programme in the actor's organisation.</exception>
    public async Task<Programme> UpdateAsync(AuditActor actor, string programmeId, ProgrammeDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        var organisation = await OrganisationAsync(actor.OrganisationId, cancellationToken).ConfigureAwait(false);
        var programme = await db.Programmes.Include(p => p.Entries).ThenInclude(e => e.Slots)
            .SingleOrDefaultAsync(p => p.Id == programmeId && p.OrganisationId == organisation.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"No programme '{programmeId}' in organisation '{organisation.Id}'.");
        if (programme.Version != draft.Version)
        {
            throw new ProgrammeConflictException();
        }

        var pupil = await db.Pupils.SingleAsync(p => p.Id == programme.PupilId, cancellationToken).ConfigureAwait(false);
        var context = await ContextAsync(organisation, pupil.Id, cancellationToken).ConfigureAwait(false);
        var problems = Validate(draft, context, isNew: false, programme.LastReviewedOn, programme);
        if (problems.Count > 0)
        {
            throw new ProgrammeRefusedException(problems);
        }

        if (!string.IsNullOrWhiteSpace(draft.BadgeUid))
        {
            pupil.BadgeHash = badges.Hash(organisation.BadgeSalt, draft.BadgeUid);
        }

        var assignments = await db.StaffAssignments.Where(a => a.PupilId == pupil.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var changes = Apply(draft, context, pupil, programme, assignments);
        if (!string.IsNullOrWhiteSpace(draft.BadgeUid))
        {
            changes.Fields.Add("badge");
        }

        // The version the form was read at is the one the UPDATE must still find (checked by the database, not only above).
        db.Entry(programme).Property(p => p.Version).OriginalValue = draft.Version;
        programme.Version = draft.Version + 1;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException conflict)
        {
            throw new ProgrammeConflictException("The programme was changed by someone else since it was read.", conflict);
        }

        await audit.AppendAsync(actor, AuditAction.Update, AuditSubject.Programme, programme.Id, changes.Summary(), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return programme;
    }

    /// <summary>The draft of an existing programme, as the edit form starts (no badge UID: it is not known).</summary>
    public static ProgrammeDraft DraftOf(ProgrammeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var (pupil, programme) = (record.Pupil, record.Programme);
        return new ProgrammeDraft
        {
            DisplayName = pupil.DisplayName,
            FullName = pupil.FullName,
            SupportLevel = pupil.SupportLevel,
            WeeklySessionLimit = pupil.WeeklySessionLimit,
            IndividualSessionMinutes = pupil.IndividualSessionMinutes,
            RequiresPersonalTutor = pupil.RequiresPersonalTutor,
            TutorStaffId = record.TutorStaffId,
            RequiresAssistant = pupil.RequiresAssistant,
            AssistantStaffId = record.AssistantStaffId,
            Brightness = pupil.SensoryProfile.Brightness,
            ColorTempMireds = pupil.SensoryProfile.ColorTempMireds,
            MinTransitionSeconds = pupil.SensoryProfile.MinTransitionSeconds,
            TimerStyle = pupil.SensoryProfile.TimerStyle,
            Chime = pupil.SensoryProfile.Chime,
            NoiseCueLevel = pupil.SensoryProfile.NoiseCueLevel,
            PeriodStart = programme.PeriodStart,
            PeriodEnd = programme.PeriodEnd,
            NextReviewOn = programme.NextReviewOn,
            Adaptations = programme.Adaptations,
            AdaptationStartsOn = programme.AdaptationStartsOn,
            AdaptationMinutesByWeek = string.Join(", ", programme.AdaptationMinutesByWeek.Select(m => m.ToString(CultureInfo.InvariantCulture))),
            Version = programme.Version,
            Services = [.. programme.Entries.OrderBy(e => e.Id, StringComparer.Ordinal).Select(e => new ServiceDraft
            {
                Id = e.Id,
                Title = e.Title,
                RoomKind = e.RoomKind,
                SessionKind = e.SessionKind,
                SessionsPerWeek = e.SessionsPerWeek,
                MinutesPerSession = e.MinutesPerSession,
                StaffId = e.StaffId,
                RoomId = e.RoomId,
                Slots = [.. e.Slots.OrderBy(s => s.IsoDayOfWeek).ThenBy(s => s.StartMinute).Select(s => new SlotDraft
                {
                    Id = s.Id,
                    Day = s.IsoDayOfWeek,
                    Start = Clock(s.StartMinute),
                    DurationMinutes = s.DurationMinutes,
                })],
            })],
        };
    }

    /// <summary><c>HH:mm</c> of minutes after midnight.</summary>
    public static string Clock(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";

    private async Task<ProgrammeRecord?> LoadAsync(string? organisationId, string programmeId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(organisationId))
        {
            return null;
        }

        var programme = await db.Programmes.AsNoTracking().Include(p => p.Entries).ThenInclude(e => e.Slots)
            .AsSplitQuery().SingleOrDefaultAsync(p => p.Id == programmeId && p.OrganisationId == organisationId, cancellationToken).ConfigureAwait(false);
        if (programme is null)
        {
            return null;
        }

        var organisation = await OrganisationAsync(organisationId, cancellationToken).ConfigureAwait(false);
        var pupil = await db.Pupils.AsNoTracking().Include(p => p.Schedule).SingleAsync(p => p.Id == programme.PupilId, cancellationToken).ConfigureAwait(false);
        var (staff, rooms, zone) = await ChoicesAsync(organisationId, cancellationToken).ConfigureAwait(false);
        var assigned = await db.StaffAssignments.AsNoTracking().Where(a => a.PupilId == pupil.Id).Select(a => a.StaffId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var entryIds = programme.Entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        return new ProgrammeRecord(
            pupil,
            programme,
            staff.Where(s => s.Role == StaffRole.Tutor && assigned.Contains(s.Id)).Select(s => s.Id).Order(StringComparer.Ordinal).FirstOrDefault(),
            staff.Where(s => s.Role == StaffRole.PupilAssistant && assigned.Contains(s.Id)).Select(s => s.Id).Order(StringComparer.Ordinal).FirstOrDefault(),
            [.. pupil.Schedule.Where(s => s.ProgrammeEntryId is null || !entryIds.Contains(s.ProgrammeEntryId))
                .OrderBy(s => s.IsoDayOfWeek).ThenBy(s => s.StartMinute)],
            staff,
            rooms,
            zone,
            OrganisationCalendar.Today(time.GetUtcNow(), organisation.TimeZone));
    }

    private async Task<Organisation> OrganisationAsync(string? organisationId, CancellationToken cancellationToken) =>
        await db.Organisations.SingleOrDefaultAsync(o => o.Id == organisationId, cancellationToken).ConfigureAwait(false)
        ?? throw new KeyNotFoundException($"No organisation '{organisationId}'.");

    /// <summary>What a draft is checked against: the organisation's policy, staff, rooms, badge hashes and the pupil's other slots.</summary>
    private async Task<DraftContext> ContextAsync(Organisation organisation, string? pupilId, CancellationToken cancellationToken)
    {
        var staff = await db.Staff.AsNoTracking().Where(s => s.OrganisationId == organisation.Id)
            .ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        var rooms = await db.Rooms.AsNoTracking().Where(r => r.OrganisationId == organisation.Id)
            .ToDictionaryAsync(r => r.Id, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        var pupilBadges = await db.Pupils.AsNoTracking().Where(p => p.OrganisationId == organisation.Id && p.Id != pupilId)
            .Select(p => p.BadgeHash).ToListAsync(cancellationToken).ConfigureAwait(false);
        var otherSlots = pupilId is null
            ? []
            : await db.ScheduleSlots.AsNoTracking().Where(s => s.PupilId == pupilId && s.ProgrammeEntryId == null)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        var slotsOfOtherProgrammes = pupilId is null
            ? []
            : await db.ScheduleSlots.AsNoTracking()
                .Where(s => s.PupilId == pupilId && s.ProgrammeEntryId != null)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new DraftContext(organisation, staff, rooms, [.. pupilBadges, .. staff.Values.Select(s => s.BadgeHash)], [.. otherSlots, .. slotsOfOtherProgrammes]);
    }

    private sealed record DraftContext(
        Organisation Organisation,
        IReadOnlyDictionary<string, StaffMember> Staff,
        IReadOnlyDictionary<string, Room> Rooms,
        IReadOnlyList<byte[]> OtherBadges,
        IReadOnlyList<ScheduleSlot> PupilSlots);

    /// <summary>Every rule a draft must meet, with the reason of each it breaks (service and slot numbers from 1).</summary>
    private List<ProgrammeProblem> Validate(ProgrammeDraft draft, DraftContext context, bool isNew, DateOnly? lastReviewedOn, Programme? existing = null)
    {
        var problems = new List<ProgrammeProblem>();
        var policy = context.Organisation.Policy;

        void Text(string? value, string required, int max, string tooLong)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add(new ProgrammeProblem(required));
            }
            else if (value.Trim().Length > max)
            {
                problems.Add(new ProgrammeProblem(tooLong, max));
            }
        }

        Text(draft.DisplayName, "DisplayNameRequired", ProgrammeRules.MaxDisplayName, "DisplayNameTooLong");
        Text(draft.FullName, "FullNameRequired", ProgrammeRules.MaxFullName, "FullNameTooLong");
        if (draft.Adaptations?.Trim().Length > ProgrammeRules.MaxAdaptations)
        {
            problems.Add(new ProgrammeProblem("AdaptationsTooLong", ProgrammeRules.MaxAdaptations));
        }

        // The badge: required for a new pupil, a UID as readers report it, not another pupil's or a staff member's.
        if (string.IsNullOrWhiteSpace(draft.BadgeUid))
        {
            if (isNew)
            {
                problems.Add(new ProgrammeProblem("BadgeRequired"));
            }
        }
        else if (!badges.IsWellFormed(draft.BadgeUid))
        {
            problems.Add(new ProgrammeProblem("BadgeInvalid"));
        }
        else
        {
            var hash = badges.Hash(context.Organisation.BadgeSalt, draft.BadgeUid);
            if (context.OtherBadges.Any(other => CryptographicOperations.FixedTimeEquals(other, hash)))
            {
                problems.Add(new ProgrammeProblem("BadgeInUse"));
            }
        }

        var levelValid = draft.SupportLevel is >= ProgrammeRules.MinSupportLevel and <= ProgrammeRules.MaxSupportLevel;
        if (!levelValid)
        {
            problems.Add(new ProgrammeProblem("SupportLevel", ProgrammeRules.MinSupportLevel, ProgrammeRules.MaxSupportLevel));
        }

        var levelLimit = ProgrammeRules.WeeklyLimit(policy, draft.SupportLevel);
        if (levelValid && (draft.WeeklySessionLimit < 0 || draft.WeeklySessionLimit > levelLimit))
        {
            problems.Add(new ProgrammeProblem("WeeklyLimit", levelLimit, draft.SupportLevel));
        }

        var individual = ProgrammeRules.Minutes(policy, SessionKind.Individual);
        if (draft.IndividualSessionMinutes < individual.Min || draft.IndividualSessionMinutes > individual.Max)
        {
            problems.Add(new ProgrammeProblem("IndividualMinutes", individual.Min, individual.Max));
        }

        if (draft.Brightness is < 0 or > 254) problems.Add(new ProgrammeProblem("Brightness", 0, 254));
        if (draft.ColorTempMireds is < 153 or > 500) problems.Add(new ProgrammeProblem("ColourTemperature", 153, 500));
        if (draft.MinTransitionSeconds is < 0 or > 60) problems.Add(new ProgrammeProblem("Transition", 0, 60));
        if (draft.NoiseCueLevel is < 0 or > 3) problems.Add(new ProgrammeProblem("NoiseCue", 0, 3));
        if (!Enum.IsDefined(draft.TimerStyle)) problems.Add(new ProgrammeProblem("TimerStyle"));

        // R-ESCORT: a pupil who needs a tutor or an assistant needs one named, of the organisation and of that role.
        void Escort(bool required, string? staffId, StaffRole role, string missing, string unknown)
        {
            if (string.IsNullOrEmpty(staffId))
            {
                if (required) problems.Add(new ProgrammeProblem(missing));
            }
            else if (!context.Staff.TryGetValue(staffId, out var member) || member.Role != role)
            {
                problems.Add(new ProgrammeProblem(unknown));
            }
        }

        Escort(draft.RequiresPersonalTutor, draft.TutorStaffId, StaffRole.Tutor, "TutorMissing", "TutorUnknown");
        Escort(draft.RequiresAssistant, draft.AssistantStaffId, StaffRole.PupilAssistant, "AssistantMissing", "AssistantUnknown");

        // The period and the review (D-IPR: reviewed at least twice a year).
        if (draft.PeriodStart is not { } start || draft.PeriodEnd is not { } end)
        {
            problems.Add(new ProgrammeProblem("PeriodRequired"));
        }
        else if (end <= start)
        {
            problems.Add(new ProgrammeProblem("PeriodOrder"));
        }
        else
        {
            var latest = ReviewRule.NextReviewDue(lastReviewedOn, start, end);
            if (draft.NextReviewOn is { } next && (next < (lastReviewedOn ?? start) || next > latest))
            {
                problems.Add(new ProgrammeProblem("NextReview", Day(lastReviewedOn ?? start), Day(latest)));
            }

            if (lastReviewedOn is { } reviewed && (reviewed < start || reviewed > end))
            {
                problems.Add(new ProgrammeProblem("PeriodExcludesReview", Day(reviewed)));
            }

            if (draft.AdaptationStartsOn is { } adaptation && (adaptation < start || adaptation > end))
            {
                problems.Add(new ProgrammeProblem("AdaptationStart"));
            }
        }

        if (AdaptationMinutes(draft.AdaptationMinutesByWeek) is null)
        {
            problems.Add(new ProgrammeProblem("AdaptationMinutes", 1, ProgrammeRules.MaxOtherMinutes));
        }
        else if (draft.AdaptationStartsOn is null && AdaptationMinutes(draft.AdaptationMinutesByWeek)!.Count > 0)
        {
            problems.Add(new ProgrammeProblem("AdaptationStart"));
        }

        // The services and their timetable.
        var known = existing?.Entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal) ?? [];
        var planned = 0;
        // The pupil's week: slots kept as approved before are not checked against each other again, only what changes is.
        var week = new List<(int Day, int Start, int End, bool Changed)>();
        foreach (var slot in context.PupilSlots.Where(s => s.ProgrammeEntryId is null || !known.Contains(s.ProgrammeEntryId)))
        {
            week.Add((slot.IsoDayOfWeek, slot.StartMinute, slot.StartMinute + slot.DurationMinutes, false));
        }

        for (var i = 0; i < draft.Services.Count; i++)
        {
            var service = draft.Services[i];
            var n = i + 1;
            if (service.IsEmpty || service.Remove)
            {
                if (!string.IsNullOrEmpty(service.Id) && !known.Contains(service.Id)) problems.Add(new ProgrammeProblem("ServiceUnknown", n));
                continue;
            }

            if (!string.IsNullOrEmpty(service.Id) && !known.Contains(service.Id))
            {
                problems.Add(new ProgrammeProblem("ServiceUnknown", n));
                continue;
            }

            if (string.IsNullOrWhiteSpace(service.Title)) problems.Add(new ProgrammeProblem("ServiceTitle", n));
            else if (service.Title.Trim().Length > ProgrammeRules.MaxTitle) problems.Add(new ProgrammeProblem("ServiceTitleTooLong", n, ProgrammeRules.MaxTitle));
            if (!Enum.IsDefined(service.RoomKind) || !Enum.IsDefined(service.SessionKind) || service.SessionKind == SessionKind.Unspecified)
            {
                problems.Add(new ProgrammeProblem("ServiceKind", n));
            }

            if (service.SessionsPerWeek is < 1 or > 20) problems.Add(new ProgrammeProblem("ServiceCount", n, 1, 20));
            if (ProgrammeRules.IsCorrectional(service.SessionKind)) planned += Math.Max(0, service.SessionsPerWeek);
            var (min, max) = ProgrammeRules.Minutes(policy, service.SessionKind);
            if (service.MinutesPerSession < min || service.MinutesPerSession > max) problems.Add(new ProgrammeProblem("ServiceMinutes", n, min, max));
            if (!string.IsNullOrEmpty(service.StaffId) && !context.Staff.ContainsKey(service.StaffId)) problems.Add(new ProgrammeProblem("StaffUnknown", n));
            if (!string.IsNullOrEmpty(service.RoomId))
            {
                if (!context.Rooms.TryGetValue(service.RoomId, out var room)) problems.Add(new ProgrammeProblem("RoomUnknown", n));
                else if (room.Kind != service.RoomKind) problems.Add(new ProgrammeProblem("RoomKind", n));
            }

            // An existing slot is posted under its own service only.
            var stored = existing?.Entries.Where(e => e.Id == service.Id).SelectMany(e => e.Slots).ToDictionary(s => s.Id) ?? [];
            var knownSlots = stored.Keys.ToHashSet();
            for (var j = 0; j < service.Slots.Count; j++)
            {
                var slot = service.Slots[j];
                var m = j + 1;
                if (slot.IsEmpty || slot.Remove)
                {
                    if (slot.Id is { } removed && !knownSlots.Contains(removed)) problems.Add(new ProgrammeProblem("SlotUnknown", n, m));
                    continue;
                }

                if (slot.Id is { } id && !knownSlots.Contains(id))
                {
                    problems.Add(new ProgrammeProblem("SlotUnknown", n, m));
                    continue;
                }

                if (string.IsNullOrEmpty(service.RoomId)) problems.Add(new ProgrammeProblem("RoomNeeded", n));
                var startMinute = StartMinute(slot.Start);
                var duration = slot.DurationMinutes ?? service.MinutesPerSession;
                if (slot.Day is not (>= 1 and <= 7)) problems.Add(new ProgrammeProblem("SlotDay", n, m));
                if (startMinute is null) problems.Add(new ProgrammeProblem("SlotStart", n, m));
                if (duration < 1 || (startMinute is { } s0 && s0 + duration > 24 * 60)) problems.Add(new ProgrammeProblem("SlotDuration", n, m));
                if (slot.Day is { } day and >= 1 and <= 7 && startMinute is { } s && duration >= 1)
                {
                    var changed = slot.Id is not { } slotId || stored[slotId] is not { } was
                        || (was.IsoDayOfWeek, was.StartMinute, was.DurationMinutes) != (day, s, duration);
                    // R-SCHED must not overload the pupil: two slots of theirs never overlap.
                    if (week.Any(w => (changed || w.Changed) && w.Day == day && w.Start < s + duration && s < w.End))
                    {
                        problems.Add(new ProgrammeProblem("SlotOverlap", n, m));
                    }

                    week.Add((day, s, s + duration, changed));
                }
            }

        }

        // R-WEEK: the correctional sessions planned per week stay within the programme's weekly limit.
        if (levelValid && planned > draft.WeeklySessionLimit)
        {
            problems.Add(new ProgrammeProblem("WeeklyPlanned", planned, draft.WeeklySessionLimit));
        }

        if (problems.Any(p => p.Code == "RoomNeeded"))
        {
            // One reason per service is enough.
            var distinct = problems.Where(p => p.Code == "RoomNeeded").DistinctBy(p => p.ToString()).ToList();
            problems.RemoveAll(p => p.Code == "RoomNeeded");
            problems.AddRange(distinct);
        }

        return problems;
    }

    /// <summary>What an update changed, by field name and count (never values: the audit log holds no names).</summary>
    private sealed class Changes
    {
        public List<string> Fields { get; } = [];

        public int ServicesAdded { get; set; }

        public int ServicesRemoved { get; set; }

        public int ServicesChanged { get; set; }

        public int Slots { get; set; }

        public bool TimetableChanged { get; set; }

        public string Summary()
        {
            var parts = new List<string>();
            if (Fields.Count > 0) parts.Add("changed " + string.Join(", ", Fields));
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"services +{ServicesAdded} -{ServicesRemoved} ~{ServicesChanged}"));
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"timetable {Slots} slots{(TimetableChanged ? " (changed)" : string.Empty)}"));
            var text = string.Join("; ", parts);
            return text.Length > AuditLog.MaxDetailsLength ? text[..AuditLog.MaxDetailsLength] : text;
        }
    }

    /// <summary>Writes a valid draft onto the tracked pupil, programme, services, slots and the tutor's and assistant's assignments.</summary>
    private Changes Apply(ProgrammeDraft draft, DraftContext context, Pupil pupil, Programme programme, List<StaffAssignment> assignments)
    {
        var changes = new Changes();

        void Set<T>(string field, T current, T value, Action<T> assign)
        {
            if (!EqualityComparer<T>.Default.Equals(current, value))
            {
                assign(value);
                changes.Fields.Add(field);
            }
        }

        Set("display_name", pupil.DisplayName, draft.DisplayName!.Trim(), v => pupil.DisplayName = v);
        Set("full_name", pupil.FullName, draft.FullName!.Trim(), v => pupil.FullName = v);
        Set("support_level", pupil.SupportLevel, draft.SupportLevel, v => pupil.SupportLevel = v);
        Set("weekly_session_limit", pupil.WeeklySessionLimit, draft.WeeklySessionLimit, v => pupil.WeeklySessionLimit = v);
        Set("individual_session_minutes", pupil.IndividualSessionMinutes, draft.IndividualSessionMinutes, v => pupil.IndividualSessionMinutes = v);
        Set("requires_personal_tutor", pupil.RequiresPersonalTutor, draft.RequiresPersonalTutor, v => pupil.RequiresPersonalTutor = v);
        Set("requires_assistant", pupil.RequiresAssistant, draft.RequiresAssistant, v => pupil.RequiresAssistant = v);
        var profile = pupil.SensoryProfile;
        Set("sensory_profile", (profile.Brightness, profile.ColorTempMireds, profile.MinTransitionSeconds, profile.TimerStyle, profile.Chime, profile.NoiseCueLevel),
            (draft.Brightness, draft.ColorTempMireds, draft.MinTransitionSeconds, draft.TimerStyle, draft.Chime, draft.NoiseCueLevel),
            v => pupil.SensoryProfile = new SensoryProfile
            {
                Brightness = v.Item1,
                ColorTempMireds = v.Item2,
                MinTransitionSeconds = v.Item3,
                TimerStyle = v.Item4,
                Chime = v.Item5,
                NoiseCueLevel = v.Item6,
            });

        var start = draft.PeriodStart!.Value;
        var end = draft.PeriodEnd!.Value;
        Set("period_start", programme.PeriodStart, start, v => programme.PeriodStart = v);
        Set("period_end", programme.PeriodEnd, end, v => programme.PeriodEnd = v);
        Set("next_review_on", programme.NextReviewOn, draft.NextReviewOn ?? ReviewRule.NextReviewDue(programme.LastReviewedOn, start, end), v => programme.NextReviewOn = v);
        var adaptations = string.IsNullOrWhiteSpace(draft.Adaptations) ? null : draft.Adaptations.Trim();
        Set("adaptations", programme.Adaptations, adaptations, v => programme.Adaptations = v);
        Set("adaptation_starts_on", programme.AdaptationStartsOn, draft.AdaptationStartsOn, v => programme.AdaptationStartsOn = v);
        var minutes = AdaptationMinutes(draft.AdaptationMinutesByWeek)!;
        if (!programme.AdaptationMinutesByWeek.SequenceEqual(minutes))
        {
            programme.AdaptationMinutesByWeek = [.. minutes];
            changes.Fields.Add("adaptation_minutes_by_week");
        }

        Escort(StaffRole.Tutor, draft.TutorStaffId, "tutor");
        Escort(StaffRole.PupilAssistant, draft.AssistantStaffId, "assistant");

        foreach (var service in draft.Services.Where(s => !s.IsEmpty))
        {
            var entry = string.IsNullOrEmpty(service.Id) ? null : programme.Entries.Single(e => e.Id == service.Id);
            if (service.Remove)
            {
                if (entry is not null)
                {
                    changes.TimetableChanged |= entry.Slots.Count > 0;
                    db.ScheduleSlots.RemoveRange(entry.Slots);
                    db.ProgrammeEntries.Remove(entry);
                    programme.Entries.Remove(entry);
                    changes.ServicesRemoved++;
                }

                continue;
            }

            if (entry is null)
            {
                entry = new ProgrammeEntry
                {
                    Id = $"{programme.Id}-{RandomHex(4)}",
                    OrganisationId = programme.OrganisationId,
                    ProgrammeId = programme.Id,
                    Title = string.Empty,
                };
                programme.Entries.Add(entry);
                changes.ServicesAdded++;
            }

            var before = (entry.Title, entry.RoomKind, entry.SessionKind, entry.SessionsPerWeek, entry.MinutesPerSession, entry.StaffId, entry.RoomId);
            entry.Title = service.Title!.Trim();
            entry.RoomKind = service.RoomKind;
            entry.SessionKind = service.SessionKind;
            entry.SessionsPerWeek = service.SessionsPerWeek;
            entry.MinutesPerSession = service.MinutesPerSession;
            entry.StaffId = string.IsNullOrEmpty(service.StaffId) ? null : service.StaffId;
            entry.RoomId = string.IsNullOrEmpty(service.RoomId) ? null : service.RoomId;
            if (!string.IsNullOrEmpty(service.Id) && before != (entry.Title, entry.RoomKind, entry.SessionKind, entry.SessionsPerWeek, entry.MinutesPerSession, entry.StaffId, entry.RoomId))
            {
                changes.ServicesChanged++;
            }

            foreach (var slotDraft in service.Slots.Where(s => !s.IsEmpty))
            {
                var slot = slotDraft.Id is { } id ? entry.Slots.Single(s => s.Id == id) : null;
                if (slotDraft.Remove)
                {
                    if (slot is not null)
                    {
                        db.ScheduleSlots.Remove(slot);
                        entry.Slots.Remove(slot);
                        changes.TimetableChanged = true;
                    }

                    continue;
                }

                if (slot is null)
                {
                    slot = new ScheduleSlot { OrganisationId = programme.OrganisationId, PupilId = pupil.Id, RoomId = entry.RoomId!, ProgrammeEntryId = entry.Id };
                    entry.Slots.Add(slot);
                    changes.TimetableChanged = true;
                }

                // The slot is the service's: its room, kind and specialist are the service's (what the edge enforces, R-SCHED).
                var slotBefore = (slot.RoomId, slot.IsoDayOfWeek, slot.StartMinute, slot.DurationMinutes, slot.Kind, slot.StaffId);
                slot.RoomId = entry.RoomId!;
                slot.IsoDayOfWeek = slotDraft.Day!.Value;
                slot.StartMinute = StartMinute(slotDraft.Start)!.Value;
                slot.DurationMinutes = slotDraft.DurationMinutes ?? entry.MinutesPerSession;
                slot.Kind = entry.SessionKind;
                slot.StaffId = entry.StaffId;
                changes.TimetableChanged |= slotBefore != (slot.RoomId, slot.IsoDayOfWeek, slot.StartMinute, slot.DurationMinutes, slot.Kind, slot.StaffId);
            }
        }

        changes.Slots = programme.Entries.Sum(e => e.Slots.Count);
        return changes;

        void Escort(StaffRole role, string? staffId, string field)
        {
            var current = assignments.Where(a => context.Staff.TryGetValue(a.StaffId, out var s) && s.Role == role).ToList();
            var wanted = string.IsNullOrEmpty(staffId) ? null : staffId;
            if (current.Count == (wanted is null ? 0 : 1) && (wanted is null || current[0].StaffId == wanted))
            {
                return;
            }

            db.StaffAssignments.RemoveRange(current);
            if (wanted is not null)
            {
                db.StaffAssignments.Add(new StaffAssignment { OrganisationId = pupil.OrganisationId, StaffId = wanted, PupilId = pupil.Id });
            }

            changes.Fields.Add(field);
        }
    }

    /// <summary>Minutes after midnight of <c>H:mm</c> or <c>HH:mm</c>; null when it is not a time of day.</summary>
    public static int? StartMinute(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !TimeOnly.TryParseExact(text.Trim(), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return null;
        }

        return parsed.Hour * 60 + parsed.Minute;
    }

    /// <summary>The R-ADAPT caps of a comma-separated list (empty: none); null when one is not a number within 1..120.</summary>
    private static List<int>? AdaptationMinutes(string? text)
    {
        var result = new List<int>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }

        foreach (var part in text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || minutes is < 1 or > ProgrammeRules.MaxOtherMinutes)
            {
                return null;
            }

            result.Add(minutes);
        }

        return result.Count > 52 ? null : result;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
