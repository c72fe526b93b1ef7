using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Inclusion.Iot.Server.Data.Migrations
{
    /// <summary>
    /// The first schema. Provider-neutral by hand: no store types (each provider maps the CLR types itself) and
    /// identity columns annotated for both SQLite and PostgreSQL. Keep it that way in every later migration.
    /// </summary>
    public partial class InitialRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "organisations",
                columns: table => new
                {
                    id = table.Column<string>(nullable: false),
                    name = table.Column<string>(nullable: false),
                    time_zone = table.Column<string>(nullable: false),
                    badge_salt = table.Column<byte[]>(nullable: false),
                    configuration_version = table.Column<long>(nullable: false),
                    policy_escort_window_seconds = table.Column<int>(nullable: false),
                    policy_group_max_minutes = table.Column<int>(nullable: false),
                    policy_group_min_minutes = table.Column<int>(nullable: false),
                    policy_individual_max_minutes = table.Column<int>(nullable: false),
                    policy_individual_min_minutes = table.Column<int>(nullable: false),
                    policy_overrun_limit_minutes = table.Column<int>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_organisations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pupils",
                columns: table => new
                {
                    id = table.Column<string>(nullable: false),
                    organisation_id = table.Column<string>(nullable: false),
                    display_name = table.Column<string>(nullable: false),
                    full_name = table.Column<string>(nullable: false),
                    support_level = table.Column<int>(nullable: false),
                    weekly_session_limit = table.Column<int>(nullable: false),
                    requires_personal_tutor = table.Column<bool>(nullable: false),
                    individual_session_minutes = table.Column<int>(nullable: false),
                    badge_hash = table.Column<byte[]>(nullable: false),
                    sensory_brightness = table.Column<int>(nullable: false),
                    sensory_chime = table.Column<bool>(nullable: false),
                    sensory_color_temp_mireds = table.Column<int>(nullable: false),
                    sensory_min_transition_seconds = table.Column<int>(nullable: false),
                    sensory_noise_cue_level = table.Column<int>(nullable: false),
                    sensory_timer_style = table.Column<string>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pupils", x => x.id);
                    table.ForeignKey(
                        name: "FK_pupils_organisations_organisation_id",
                        column: x => x.organisation_id,
                        principalTable: "organisations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "rooms",
                columns: table => new
                {
                    id = table.Column<string>(nullable: false),
                    organisation_id = table.Column<string>(nullable: false),
                    name = table.Column<string>(nullable: false),
                    kind = table.Column<string>(nullable: false),
                    capacity = table.Column<int>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rooms", x => x.id);
                    table.ForeignKey(
                        name: "FK_rooms_organisations_organisation_id",
                        column: x => x.organisation_id,
                        principalTable: "organisations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "staff_members",
                columns: table => new
                {
                    id = table.Column<string>(nullable: false),
                    organisation_id = table.Column<string>(nullable: false),
                    display_name = table.Column<string>(nullable: false),
                    badge_hash = table.Column<byte[]>(nullable: false),
                    role = table.Column<string>(nullable: false),
                    permissions = table.Column<int>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff_members", x => x.id);
                    table.ForeignKey(
                        name: "FK_staff_members_organisations_organisation_id",
                        column: x => x.organisation_id,
                        principalTable: "organisations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "programmes",
                columns: table => new
                {
                    id = table.Column<string>(nullable: false),
                    organisation_id = table.Column<string>(nullable: false),
                    pupil_id = table.Column<string>(nullable: false),
                    period_start = table.Column<DateOnly>(nullable: false),
                    period_end = table.Column<DateOnly>(nullable: false),
                    next_review_on = table.Column<DateOnly>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_programmes", x => x.id);
                    table.ForeignKey(
                        name: "FK_programmes_pupils_pupil_id",
                        column: x => x.pupil_id,
                        principalTable: "pupils",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "devices",
                columns: table => new
                {
                    id = table.Column<int>(nullable: false)
                        .Annotation("Sqlite:Autoincrement", true)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    organisation_id = table.Column<string>(nullable: false),
                    room_id = table.Column<string>(nullable: false),
                    name = table.Column<string>(nullable: false),
                    role = table.Column<string>(nullable: false),
                    driver = table.Column<string>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_devices", x => x.id);
                    table.ForeignKey(
                        name: "FK_devices_rooms_room_id",
                        column: x => x.room_id,
                        principalTable: "rooms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "edges",
                columns: table => new
                {
                    id = table.Column<string>(nullable: false),
                    room_id = table.Column<string>(nullable: false),
                    last_seen_at = table.Column<DateTime>(nullable: true),
                    software_version = table.Column<string>(nullable: true),
                    high_water_sequence = table.Column<long>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_edges", x => x.id);
                    table.ForeignKey(
                        name: "FK_edges_rooms_room_id",
                        column: x => x.room_id,
                        principalTable: "rooms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "schedule_slots",
                columns: table => new
                {
                    id = table.Column<int>(nullable: false)
                        .Annotation("Sqlite:Autoincrement", true)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    organisation_id = table.Column<string>(nullable: false),
                    pupil_id = table.Column<string>(nullable: false),
                    room_id = table.Column<string>(nullable: false),
                    iso_day_of_week = table.Column<int>(nullable: false),
                    start_minute = table.Column<int>(nullable: false),
                    duration_minutes = table.Column<int>(nullable: false),
                    kind = table.Column<string>(nullable: false),
                    staff_id = table.Column<string>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_schedule_slots", x => x.id);
                    table.ForeignKey(
                        name: "FK_schedule_slots_pupils_pupil_id",
                        column: x => x.pupil_id,
                        principalTable: "pupils",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_schedule_slots_rooms_room_id",
                        column: x => x.room_id,
                        principalTable: "rooms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "staff_assignments",
                columns: table => new
                {
                    staff_id = table.Column<string>(nullable: false),
                    pupil_id = table.Column<string>(nullable: false),
                    organisation_id = table.Column<string>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff_assignments", x => new { x.staff_id, x.pupil_id });
                    table.ForeignKey(
                        name: "FK_staff_assignments_pupils_pupil_id",
                        column: x => x.pupil_id,
                        principalTable: "pupils",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_staff_assignments_staff_members_staff_id",
                        column: x => x.staff_id,
                        principalTable: "staff_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "programme_entries",
                columns: table => new
                {
                    id = table.Column<string>(nullable: false),
                    organisation_id = table.Column<string>(nullable: false),
                    programme_id = table.Column<string>(nullable: false),
                    title = table.Column<string>(nullable: false),
                    room_kind = table.Column<string>(nullable: false),
                    session_kind = table.Column<string>(nullable: false),
                    sessions_per_week = table.Column<int>(nullable: false),
                    minutes_per_session = table.Column<int>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_programme_entries", x => x.id);
                    table.ForeignKey(
                        name: "FK_programme_entries_programmes_programme_id",
                        column: x => x.programme_id,
                        principalTable: "programmes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "raw_events",
                columns: table => new
                {
                    id = table.Column<long>(nullable: false)
                        .Annotation("Sqlite:Autoincrement", true)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    edge_id = table.Column<string>(nullable: false),
                    sequence = table.Column<long>(nullable: false),
                    kind = table.Column<string>(nullable: false),
                    occurred_at = table.Column<DateTime>(nullable: false),
                    received_at = table.Column<DateTime>(nullable: false),
                    payload = table.Column<byte[]>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_raw_events", x => x.id);
                    table.ForeignKey(
                        name: "FK_raw_events_edges_edge_id",
                        column: x => x.edge_id,
                        principalTable: "edges",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sessions",
                columns: table => new
                {
                    id = table.Column<string>(nullable: false),
                    edge_id = table.Column<string>(nullable: false),
                    room_id = table.Column<string>(nullable: false),
                    kind = table.Column<string>(nullable: false),
                    planned_minutes = table.Column<int>(nullable: false),
                    started_at = table.Column<DateTime>(nullable: false),
                    ended_at = table.Column<DateTime>(nullable: true),
                    end_reason = table.Column<string>(nullable: true),
                    actual_seconds = table.Column<int>(nullable: true),
                    ended_by_staff_id = table.Column<string>(nullable: true),
                    brightness = table.Column<int>(nullable: false),
                    color_temp_mireds = table.Column<int>(nullable: false),
                    programme_entry_id = table.Column<string>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sessions", x => x.id);
                    table.ForeignKey(
                        name: "FK_sessions_edges_edge_id",
                        column: x => x.edge_id,
                        principalTable: "edges",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_sessions_rooms_room_id",
                        column: x => x.room_id,
                        principalTable: "rooms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "session_escorts",
                columns: table => new
                {
                    session_id = table.Column<string>(nullable: false),
                    staff_id = table.Column<string>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_session_escorts", x => new { x.session_id, x.staff_id });
                    table.ForeignKey(
                        name: "FK_session_escorts_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "session_pupils",
                columns: table => new
                {
                    session_id = table.Column<string>(nullable: false),
                    pupil_id = table.Column<string>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_session_pupils", x => new { x.session_id, x.pupil_id });
                    table.ForeignKey(
                        name: "FK_session_pupils_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_devices_room_id_name",
                table: "devices",
                columns: new[] { "room_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_edges_room_id",
                table: "edges",
                column: "room_id");

            migrationBuilder.CreateIndex(
                name: "IX_programme_entries_programme_id",
                table: "programme_entries",
                column: "programme_id");

            migrationBuilder.CreateIndex(
                name: "IX_programmes_pupil_id",
                table: "programmes",
                column: "pupil_id");

            migrationBuilder.CreateIndex(
                name: "IX_pupils_organisation_id",
                table: "pupils",
                column: "organisation_id");

            migrationBuilder.CreateIndex(
                name: "IX_raw_events_edge_id_sequence",
                table: "raw_events",
                columns: new[] { "edge_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_rooms_organisation_id",
                table: "rooms",
                column: "organisation_id");

            migrationBuilder.CreateIndex(
                name: "IX_schedule_slots_pupil_id",
                table: "schedule_slots",
                column: "pupil_id");

            migrationBuilder.CreateIndex(
                name: "IX_schedule_slots_room_id",
                table: "schedule_slots",
                column: "room_id");

            migrationBuilder.CreateIndex(
                name: "IX_session_pupils_pupil_id",
                table: "session_pupils",
                column: "pupil_id");

            migrationBuilder.CreateIndex(
                name: "IX_sessions_edge_id",
                table: "sessions",
                column: "edge_id");

            migrationBuilder.CreateIndex(
                name: "IX_sessions_room_id",
                table: "sessions",
                column: "room_id");

            migrationBuilder.CreateIndex(
                name: "IX_sessions_started_at",
                table: "sessions",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "IX_staff_assignments_pupil_id",
                table: "staff_assignments",
                column: "pupil_id");

            migrationBuilder.CreateIndex(
                name: "IX_staff_members_organisation_id",
                table: "staff_members",
                column: "organisation_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "devices");

            migrationBuilder.DropTable(
                name: "programme_entries");

            migrationBuilder.DropTable(
                name: "raw_events");

            migrationBuilder.DropTable(
                name: "schedule_slots");

            migrationBuilder.DropTable(
                name: "session_escorts");

            migrationBuilder.DropTable(
                name: "session_pupils");

            migrationBuilder.DropTable(
                name: "staff_assignments");

            migrationBuilder.DropTable(
                name: "programmes");

            migrationBuilder.DropTable(
                name: "sessions");

            migrationBuilder.DropTable(
                name: "staff_members");

            migrationBuilder.DropTable(
                name: "pupils");

            migrationBuilder.DropTable(
                name: "edges");

            migrationBuilder.DropTable(
                name: "rooms");

            migrationBuilder.DropTable(
                name: "organisations");
        }
    }
}
