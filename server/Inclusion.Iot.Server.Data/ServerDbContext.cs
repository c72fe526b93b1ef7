using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Inclusion.Iot.Server.Data;

/// <summary>
/// The server's records. One model and one migration set for SQLite and PostgreSQL: tables and columns are
/// snake_case, enums are stored as their names, times as UTC.
/// <para>
/// Tenancy: every entity has a global query filter that reads <see cref="IAccessScope"/> per query (see
/// <see cref="ApplyAccessFilters"/>). The host registers a scoped <see cref="IAccessScope"/> that starts as
/// <see cref="AccessScope.Nobody"/>; the edge gateway, background services, commands and the seed set it to
/// <see cref="AccessScope.System"/> explicitly. A context made by hand with options only (tests, design time) is
/// unscoped (<see cref="AccessScope.System"/>).
/// </para>
/// </summary>
public sealed class ServerDbContext : DbContext
{
    private readonly IAccessScope _scope;

    /// <summary>An unscoped context (every row): for tests, design time and tools that make their own context.</summary>
    public ServerDbContext(DbContextOptions<ServerDbContext> options)
        : this(options, FixedAccessScope.System)
    {
    }

    /// <summary>A context whose queries see what <paramref name="scope"/> allows (the DI container picks this one).</summary>
    public ServerDbContext(DbContextOptions<ServerDbContext> options, IAccessScope scope)
        : base(options)
    {
        _scope = scope ?? throw new ArgumentNullException(nameof(scope));
    }

    /// <summary>The scope now in force for this context's queries.</summary>
    public AccessScope AccessScope => _scope.Current;

    // The filters' parameters, read by EF per query. Null means "no restriction of this kind": EF folds a null
    // parameter's IS NULL into a constant, so the system's queries (ingest, projections) carry no filter at all in SQL.
    // Restricted is null only for the system scope; Organisation and Network are null unless that scope applies.
    private string? FilterRestricted => _scope.Current.Kind == AccessScopeKind.System ? null : "restricted";

    private string? FilterOrganisation => _scope.Current.Kind == AccessScopeKind.Organisation ? _scope.Current.OrganisationId : null;

    private string? FilterNetwork => _scope.Current.Kind == AccessScopeKind.Network ? _scope.Current.NetworkId : null;

    public DbSet<Network> Networks => Set<Network>();

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<Room> Rooms => Set<Room>();

    public DbSet<Edge> Edges => Set<Edge>();

    public DbSet<EdgeCredential> EdgeCredentials => Set<EdgeCredential>();

    public DbSet<Device> Devices => Set<Device>();

    public DbSet<StaffMember> Staff => Set<StaffMember>();

    public DbSet<StaffAssignment> StaffAssignments => Set<StaffAssignment>();

    public DbSet<Pupil> Pupils => Set<Pupil>();

    public DbSet<Programme> Programmes => Set<Programme>();

    public DbSet<ProgrammeEntry> ProgrammeEntries => Set<ProgrammeEntry>();

    public DbSet<ScheduleSlot> ScheduleSlots => Set<ScheduleSlot>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<SessionPupil> SessionPupils => Set<SessionPupil>();

    public DbSet<SessionEscort> SessionEscorts => Set<SessionEscort>();

    public DbSet<RawEvent> RawEvents => Set<RawEvent>();

    public DbSet<TelemetryCursor> TelemetryCursors => Set<TelemetryCursor>();

    public DbSet<OccupancyInterval> OccupancyIntervals => Set<OccupancyInterval>();

    public DbSet<DeviceHealth> DeviceHealth => Set<DeviceHealth>();

    public DbSet<Decision> Decisions => Set<Decision>();

    public DbSet<Alert> Alerts => Set<Alert>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditChainHead> AuditChainHead => Set<AuditChainHead>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseAuditChanges();
        foreach (var organisationId in ChangedOrganisations())
        {
            BumpConfigurationVersion(TrackedOrganisation(organisationId) ?? Organisations.Find(organisationId));
        }

        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseAuditChanges();
        foreach (var organisationId in ChangedOrganisations())
        {
            BumpConfigurationVersion(TrackedOrganisation(organisationId) ?? await Organisations.FindAsync([organisationId], cancellationToken));
        }

        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<RoomKind>().HaveConversion<string>();
        configurationBuilder.Properties<DeviceRole>().HaveConversion<string>();
        configurationBuilder.Properties<StaffRole>().HaveConversion<string>();
        configurationBuilder.Properties<TimerStyle>().HaveConversion<string>();
        configurationBuilder.Properties<SessionKind>().HaveConversion<string>();
        configurationBuilder.Properties<SessionEndReason>().HaveConversion<string>();
        configurationBuilder.Properties<RuleEnforcement>().HaveConversion<string>();
        configurationBuilder.Properties<ClockSource>().HaveConversion<string>();
        configurationBuilder.Properties<RefusalReason>().HaveConversion<string>();
        configurationBuilder.Properties<DecisionKind>().HaveConversion<string>();
        configurationBuilder.Properties<DeviceHealthStatus>().HaveConversion<string>();
        configurationBuilder.Properties<AlertKind>().HaveConversion<string>();
        configurationBuilder.Properties<AuditAction>().HaveConversion<string>();
        configurationBuilder.Properties<AccountRole>().HaveConversion<string>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<Network>(e => e.ToTable("networks"));

        modelBuilder.Entity<Account>(e =>
        {
            e.ToTable("accounts");
            e.HasIndex(a => a.UserName).IsUnique();
            e.HasIndex(a => a.Email).IsUnique();
            e.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OrganisationId);
            e.HasOne<Network>().WithMany().HasForeignKey(a => a.NetworkId);
        });

        modelBuilder.Entity<Organisation>(e =>
        {
            e.ToTable("organisations");
            e.HasOne<Network>().WithMany().HasForeignKey(o => o.NetworkId);
            e.ComplexProperty(o => o.Policy, p => p.Property(x => x.WeeklyLimitByLevel)
                .HasConversion(new MinutesListConverter(), MinutesListConverter.Comparer));
            e.HasMany(o => o.Rooms).WithOne(r => r.Organisation).HasForeignKey(r => r.OrganisationId);
        });

        modelBuilder.Entity<Room>(e =>
        {
            e.ToTable("rooms");
            e.HasMany(r => r.Devices).WithOne().HasForeignKey(d => d.RoomId);
        });

        modelBuilder.Entity<Edge>(e =>
        {
            e.ToTable("edges");
            e.HasOne(x => x.Room).WithMany().HasForeignKey(x => x.RoomId);
        });

        modelBuilder.Entity<EdgeCredential>(e =>
        {
            e.ToTable("edge_credentials");
            e.HasKey(x => x.EdgeId);
            e.HasOne(x => x.Edge).WithOne().HasForeignKey<EdgeCredential>(x => x.EdgeId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.CertificateThumbprint).IsUnique();
        });

        modelBuilder.Entity<Device>(e =>
        {
            e.ToTable("devices");
            e.HasIndex(d => new { d.RoomId, d.Name }).IsUnique();
        });

        modelBuilder.Entity<StaffMember>(e =>
        {
            e.ToTable("staff_members");
            e.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId);
            e.HasMany(s => s.Assignments).WithOne().HasForeignKey(a => a.StaffId);
        });

        modelBuilder.Entity<StaffAssignment>(e =>
        {
            e.ToTable("staff_assignments");
            e.HasKey(a => new { a.StaffId, a.PupilId });
            e.HasOne<Pupil>().WithMany().HasForeignKey(a => a.PupilId);
        });

        modelBuilder.Entity<Pupil>(e =>
        {
            e.ToTable("pupils");
            e.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId);
            e.ComplexProperty(p => p.SensoryProfile);
            e.HasMany(p => p.Programmes).WithOne().HasForeignKey(p => p.PupilId);
            e.HasMany(p => p.Schedule).WithOne().HasForeignKey(s => s.PupilId);
        });

        modelBuilder.Entity<Programme>(e =>
        {
            e.ToTable("programmes");
            e.Property(p => p.AdaptationMinutesByWeek).HasConversion(new MinutesListConverter(), MinutesListConverter.Comparer);
            e.HasMany(p => p.Entries).WithOne().HasForeignKey(x => x.ProgrammeId);
            e.Property(p => p.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<ProgrammeEntry>(e =>
        {
            e.ToTable("programme_entries");
            e.HasOne<StaffMember>().WithMany().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Room>().WithMany().HasForeignKey(x => x.RoomId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Slots).WithOne().HasForeignKey(s => s.ProgrammeEntryId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ScheduleSlot>(e =>
        {
            e.ToTable("schedule_slots");
            e.HasOne<Room>().WithMany().HasForeignKey(s => s.RoomId);
        });

        modelBuilder.Entity<Session>(e =>
        {
            e.ToTable("sessions");
            e.HasOne(s => s.Room).WithMany().HasForeignKey(s => s.RoomId);
            e.HasOne<Edge>().WithMany().HasForeignKey(s => s.EdgeId);
            e.HasMany(s => s.Pupils).WithOne().HasForeignKey(p => p.SessionId);
            e.HasMany(s => s.Escorts).WithOne().HasForeignKey(p => p.SessionId);
            e.HasIndex(s => s.StartedAt);
        });

        modelBuilder.Entity<SessionPupil>(e =>
        {
            e.ToTable("session_pupils");
            e.HasKey(p => new { p.SessionId, p.PupilId });
            e.HasIndex(p => p.PupilId);
        });

        modelBuilder.Entity<SessionEscort>(e =>
        {
            e.ToTable("session_escorts");
            e.HasKey(p => new { p.SessionId, p.StaffId });
        });

        modelBuilder.Entity<RawEvent>(e =>
        {
            e.ToTable("raw_events");
            // No foreign key to edges: ingest reads (SQLite) or locks (PostgreSQL, FOR UPDATE) the edge's row in the same
            // transaction before it stores one of its events, and edges are never deleted. The key's check cost a lookup
            // and a row lock per stored event (measured with binary COPY: 31-35k rows/s with it, 50-54k without).
            // Exactly once per (edge, sequence): the database refuses a second copy even under a race.
            e.HasIndex(r => new { r.EdgeId, r.Sequence }).IsUnique();
        });

        modelBuilder.Entity<TelemetryCursor>(e => e.ToTable("telemetry_cursor"));

        // The projections (derived from raw_events, rebuilt from them): natural keys, no foreign keys.
        modelBuilder.Entity<OccupancyInterval>(e =>
        {
            e.ToTable("occupancy_intervals");
            e.HasKey(x => new { x.EdgeId, x.Sequence });
            e.HasIndex(x => new { x.RoomId, x.StartedAt });
        });

        modelBuilder.Entity<DeviceHealth>(e =>
        {
            e.ToTable("device_health");
            e.HasKey(x => new { x.EdgeId, x.Device });
        });

        modelBuilder.Entity<Decision>(e =>
        {
            e.ToTable("decisions");
            e.HasKey(x => new { x.EdgeId, x.Sequence });
            e.HasIndex(x => x.OccurredAt);
        });

        modelBuilder.Entity<Alert>(e =>
        {
            e.ToTable("alerts");
            e.HasKey(x => new { x.EdgeId, x.Sequence });
            e.HasIndex(x => x.RaisedAt);
        });

        // The audit log: appended by AuditLog only (raw SQL in the caller's transaction), never updated or deleted.
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedNever();
            e.HasIndex(x => new { x.OrganisationId, x.Sequence });
            e.HasIndex(x => new { x.SubjectKind, x.SubjectId });
            e.HasIndex(x => x.OccurredAt);
        });

        modelBuilder.Entity<AuditChainHead>(e =>
        {
            e.ToTable("audit_chain_head");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.HasData(new AuditChainHead { Id = Data.AuditChainHead.SingleId, LastSequence = 0, LastHash = Data.AuditChainHead.GenesisHash });
        });

        ApplyAccessFilters(modelBuilder);
        ApplySnakeCaseColumnNames(modelBuilder.Model);
    }

    /// <summary>
    /// One global query filter per entity, by what it is keyed by:
    /// <list type="bullet">
    /// <item>organisation-level rows (rooms, devices, and through their room: edges, sessions, occupancy, device
    /// health, alerts): the scope's organisation, or the organisations of the scope's network;</item>
    /// <item>pupil-level rows (pupils, staff, programmes and their entries, schedule slots, staff assignments,
    /// session pupils and escorts, decisions, which name pupils and staff): the scope's organisation only, never a network;</item>
    /// <item>raw events and the telemetry cursor: the system only.</item>
    /// </list>
    /// Rows reached through a room or a session use the room's or session's own (filtered) set.
    /// </summary>
    private void ApplyAccessFilters(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Network>().HasQueryFilter(n => FilterRestricted == null || n.Id == FilterNetwork
            || Organisations.Any(o => o.NetworkId == n.Id));
        modelBuilder.Entity<Organisation>().HasQueryFilter(o => FilterRestricted == null || o.Id == FilterOrganisation || o.NetworkId == FilterNetwork);
        modelBuilder.Entity<Account>().HasQueryFilter(a => FilterRestricted == null || (FilterOrganisation != null && a.OrganisationId == FilterOrganisation));

        modelBuilder.Entity<Room>().HasQueryFilter(x => FilterRestricted == null || Organisations.Any(o => o.Id == x.OrganisationId));
        modelBuilder.Entity<Device>().HasQueryFilter(x => FilterRestricted == null || Organisations.Any(o => o.Id == x.OrganisationId));
        modelBuilder.Entity<Edge>().HasQueryFilter(x => FilterRestricted == null || Rooms.Any(r => r.Id == x.RoomId));
        modelBuilder.Entity<Session>().HasQueryFilter(x => FilterRestricted == null || Rooms.Any(r => r.Id == x.RoomId));
        modelBuilder.Entity<OccupancyInterval>().HasQueryFilter(x => FilterRestricted == null || Rooms.Any(r => r.Id == x.RoomId));
        modelBuilder.Entity<DeviceHealth>().HasQueryFilter(x => FilterRestricted == null || Rooms.Any(r => r.Id == x.RoomId));
        modelBuilder.Entity<Alert>().HasQueryFilter(x => FilterRestricted == null || Rooms.Any(r => r.Id == x.RoomId));

        modelBuilder.Entity<Pupil>().HasQueryFilter(x => FilterRestricted == null || x.OrganisationId == FilterOrganisation);
        modelBuilder.Entity<StaffMember>().HasQueryFilter(x => FilterRestricted == null || x.OrganisationId == FilterOrganisation);
        modelBuilder.Entity<StaffAssignment>().HasQueryFilter(x => FilterRestricted == null || x.OrganisationId == FilterOrganisation);
        modelBuilder.Entity<Programme>().HasQueryFilter(x => FilterRestricted == null || x.OrganisationId == FilterOrganisation);
        modelBuilder.Entity<ProgrammeEntry>().HasQueryFilter(x => FilterRestricted == null || x.OrganisationId == FilterOrganisation);
        modelBuilder.Entity<ScheduleSlot>().HasQueryFilter(x => FilterRestricted == null || x.OrganisationId == FilterOrganisation);
        modelBuilder.Entity<Decision>().HasQueryFilter(x => FilterRestricted == null
            || (FilterOrganisation != null && Rooms.Any(r => r.Id == x.RoomId)));
        modelBuilder.Entity<SessionPupil>().HasQueryFilter(x => FilterRestricted == null
            || (FilterOrganisation != null && Sessions.Any(s => s.Id == x.SessionId)));
        modelBuilder.Entity<SessionEscort>().HasQueryFilter(x => FilterRestricted == null
            || (FilterOrganisation != null && Sessions.Any(s => s.Id == x.SessionId)));

        // The audit log names pupils' and staff's pseudonymous ids: an organisation's own entries only, never a network's.
        modelBuilder.Entity<AuditEntry>().HasQueryFilter(x => FilterRestricted == null
            || (FilterOrganisation != null && x.OrganisationId == FilterOrganisation));

        modelBuilder.Entity<RawEvent>().HasQueryFilter(x => FilterRestricted == null);
        // An edge's credential (code hash, certificate) is the gateway's and IT staff's commands', never a user's query.
        modelBuilder.Entity<EdgeCredential>().HasQueryFilter(x => FilterRestricted == null);
        modelBuilder.Entity<TelemetryCursor>().HasQueryFilter(x => FilterRestricted == null);
    }

    private static void ApplySnakeCaseColumnNames(IMutableModel model)
    {
        foreach (var entity in model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }

            foreach (var complex in entity.GetComplexProperties())
            {
                var prefix = complex.Name == nameof(Pupil.SensoryProfile) ? "sensory" : SnakeCase(complex.Name);
                foreach (var property in complex.ComplexType.GetProperties())
                {
                    property.SetColumnName($"{prefix}_{SnakeCase(property.Name)}");
                }
            }
        }
    }

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The organisations whose configuration records are added, changed or deleted: any such change makes their
    /// edges pull a new snapshot (<see cref="BumpConfigurationVersion"/>).
    /// </summary>
    private HashSet<string> ChangedOrganisations()
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case IConfigurationRecord record:
                    changed.Add(record.OrganisationId);
                    break;
                case Organisation organisation when entry.State == EntityState.Modified
                    && !entry.Property(nameof(Organisation.ConfigurationVersion)).IsModified:
                    changed.Add(organisation.Id);
                    break;
            }
        }

        return changed;
    }

    /// <summary>
    /// The audit log is append-only and chained: entries are written by the records layer's AuditLog alone (SQL in the
    /// caller's transaction), never added, changed or deleted through the change tracker.
    /// </summary>
    private void RefuseAuditChanges()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is AuditEntry or Data.AuditChainHead && entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException(
                    $"The audit log is append-only: a {entry.Entity.GetType().Name} cannot be {entry.State.ToString().ToLowerInvariant()} through the DbContext; append with AuditLog.AppendAsync.");
            }
        }
    }

    private Organisation? TrackedOrganisation(string organisationId) =>
        Organisations.Local.FirstOrDefault(o => o.Id == organisationId);

    private void BumpConfigurationVersion(Organisation? organisation)
    {
        if (organisation is null)
        {
            return;
        }

        var entry = Entry(organisation);
        // A new organisation starts at its own version (the seed's is 1); an explicit change wins.
        if (entry.State != EntityState.Added && !entry.Property(nameof(Organisation.ConfigurationVersion)).IsModified)
        {
            organisation.ConfigurationVersion++;
        }
    }
}
