using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inclusion.Iot.Server.Data.Migrations
{
    /// <summary>
    /// Issue 10: the projections next to the sessions (occupancy_intervals, device_health, decisions, alerts), what the
    /// sessions projection lacked (overrides, planned vs actual, overrun, placed and claimed times) and the edge clocks
    /// (raw_events.edge_occurred_at and clock_source; the edge's clock anchor). Provider-neutral by hand like
    /// InitialRecords: no store types. Rows already stored were placed by the edge's clock: their claim is their time.
    /// </summary>
    public partial class ProjectionsAndEdgeClocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "edge_ended_at",
                table: "sessions",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "edge_started_at",
                table: "sessions",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ended_clock_source",
                table: "sessions",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "extended_minutes",
                table: "sessions",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "overridden_rule_ids",
                table: "sessions",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "override_count",
                table: "sessions",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "overrun_seconds",
                table: "sessions",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "started_clock_source",
                table: "sessions",
                nullable: false,
                defaultValue: "Edge");

            migrationBuilder.AddColumn<int>(
                name: "started_planned_minutes",
                table: "sessions",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "clock_source",
                table: "raw_events",
                nullable: false,
                defaultValue: "Edge");

            migrationBuilder.AddColumn<DateTime>(
                name: "edge_occurred_at",
                table: "raw_events",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "clock_anchor_at",
                table: "edges",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "clock_anchor_monotonic_ms",
                table: "edges",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "last_monotonic_ms",
                table: "edges",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "last_override_sequence",
                table: "edges",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    edge_id = table.Column<string>(nullable: false),
                    sequence = table.Column<long>(nullable: false),
                    room_id = table.Column<string>(nullable: false),
                    kind = table.Column<string>(nullable: false),
                    raised_at = table.Column<DateTime>(nullable: false),
                    edge_raised_at = table.Column<DateTime>(nullable: true),
                    clock_source = table.Column<string>(nullable: false),
                    cleared_at = table.Column<DateTime>(nullable: true),
                    edge_cleared_at = table.Column<DateTime>(nullable: true),
                    cleared_sequence = table.Column<long>(nullable: true),
                    seconds_to_clear = table.Column<int>(nullable: true),
                    cleared_by_staff_id = table.Column<string>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alerts", x => new { x.edge_id, x.sequence });
                });

            migrationBuilder.CreateTable(
                name: "decisions",
                columns: table => new
                {
                    edge_id = table.Column<string>(nullable: false),
                    sequence = table.Column<long>(nullable: false),
                    room_id = table.Column<string>(nullable: false),
                    kind = table.Column<string>(nullable: false),
                    rule_id = table.Column<string>(nullable: true),
                    reason = table.Column<string>(nullable: true),
                    override_reason = table.Column<string>(nullable: true),
                    session_id = table.Column<string>(nullable: true),
                    pupil_id = table.Column<string>(nullable: true),
                    staff_id = table.Column<string>(nullable: true),
                    holder_id = table.Column<string>(nullable: true),
                    count = table.Column<int>(nullable: true),
                    limit = table.Column<int>(nullable: true),
                    occurred_at = table.Column<DateTime>(nullable: false),
                    edge_occurred_at = table.Column<DateTime>(nullable: true),
                    clock_source = table.Column<string>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_decisions", x => new { x.edge_id, x.sequence });
                });

            migrationBuilder.CreateTable(
                name: "device_health",
                columns: table => new
                {
                    edge_id = table.Column<string>(nullable: false),
                    device = table.Column<string>(nullable: false),
                    room_id = table.Column<string>(nullable: false),
                    status = table.Column<string>(nullable: true),
                    online = table.Column<bool>(nullable: false),
                    last_seen_at = table.Column<DateTime>(nullable: true),
                    battery_percent = table.Column<int>(nullable: true),
                    link_quality = table.Column<int>(nullable: true),
                    last_fault_reason = table.Column<string>(nullable: true),
                    fault_count = table.Column<int>(nullable: false),
                    online_seconds = table.Column<long>(nullable: false),
                    online_since = table.Column<DateTime>(nullable: true),
                    changed_at = table.Column<DateTime>(nullable: false),
                    edge_changed_at = table.Column<DateTime>(nullable: true),
                    clock_source = table.Column<string>(nullable: false),
                    last_sequence = table.Column<long>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_device_health", x => new { x.edge_id, x.device });
                });

            migrationBuilder.CreateTable(
                name: "occupancy_intervals",
                columns: table => new
                {
                    edge_id = table.Column<string>(nullable: false),
                    sequence = table.Column<long>(nullable: false),
                    room_id = table.Column<string>(nullable: false),
                    started_at = table.Column<DateTime>(nullable: false),
                    edge_started_at = table.Column<DateTime>(nullable: true),
                    clock_source = table.Column<string>(nullable: false),
                    ended_at = table.Column<DateTime>(nullable: true),
                    edge_ended_at = table.Column<DateTime>(nullable: true),
                    ended_sequence = table.Column<long>(nullable: true),
                    sensors = table.Column<string>(nullable: false),
                    seconds = table.Column<int>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_occupancy_intervals", x => new { x.edge_id, x.sequence });
                });

            migrationBuilder.Sql("UPDATE raw_events SET edge_occurred_at = occurred_at;");
            migrationBuilder.Sql("UPDATE sessions SET edge_started_at = started_at, edge_ended_at = ended_at, started_planned_minutes = planned_minutes;");
            migrationBuilder.Sql("UPDATE sessions SET ended_clock_source = 'Edge' WHERE ended_at IS NOT NULL;");

            migrationBuilder.CreateIndex(
                name: "IX_alerts_raised_at",
                table: "alerts",
                column: "raised_at");

            migrationBuilder.CreateIndex(
                name: "IX_decisions_occurred_at",
                table: "decisions",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "IX_occupancy_intervals_room_id_started_at",
                table: "occupancy_intervals",
                columns: new[] { "room_id", "started_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alerts");

            migrationBuilder.DropTable(
                name: "decisions");

            migrationBuilder.DropTable(
                name: "device_health");

            migrationBuilder.DropTable(
                name: "occupancy_intervals");

            migrationBuilder.DropColumn(
                name: "edge_ended_at",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "edge_started_at",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "ended_clock_source",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "extended_minutes",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "overridden_rule_ids",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "override_count",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "overrun_seconds",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "started_clock_source",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "started_planned_minutes",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "clock_source",
                table: "raw_events");

            migrationBuilder.DropColumn(
                name: "edge_occurred_at",
                table: "raw_events");

            migrationBuilder.DropColumn(
                name: "clock_anchor_at",
                table: "edges");

            migrationBuilder.DropColumn(
                name: "clock_anchor_monotonic_ms",
                table: "edges");

            migrationBuilder.DropColumn(
                name: "last_monotonic_ms",
                table: "edges");

            migrationBuilder.DropColumn(
                name: "last_override_sequence",
                table: "edges");
        }
    }
}
