using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inclusion.Iot.Server.Data.Migrations
{
    /// <summary>
    /// The telemetry exporter's durable cursor: the last raw event written to the time-series database, one row per
    /// export target. Provider-neutral by hand like InitialRecords: no store types.
    /// </summary>
    public partial class TelemetryExportCursor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "telemetry_cursor",
                columns: table => new
                {
                    id = table.Column<string>(nullable: false),
                    last_raw_event_id = table.Column<long>(nullable: false),
                    updated_at = table.Column<DateTime>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_telemetry_cursor", x => x.id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "telemetry_cursor");
        }
    }
}
