using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Inclusion.Iot.Server.Data;

/// <summary>
/// The server's records. One model and one migration set for SQLite and PostgreSQL: tables and columns are
/// snake_case, enums are stored as their names, times as UTC.
/// </summary>
public sealed class ServerDbContext(DbContextOptions<ServerDbContext> options) : DbContext(options)
{
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

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        foreach (var organisationId in ChangedOrganisations())
        {
            BumpConfigurationVersion(TrackedOrganisation(organisationId) ?? Organisations.Find(organisationId));
        }

        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
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
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<Organisation>(e =>
        {
            e.ToTable("organisations");
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
        });

        modelBuilder.Entity<ProgrammeEntry>(e => e.ToTable("programme_entries"));

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

        ApplySnakeCaseColumnNames(modelBuilder.Model);
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
