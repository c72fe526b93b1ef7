using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inclusion.Iot.Server.Data.Migrations
{
    /// <summary>
    /// Issue 11, the programme pages (D-IPR): a planned service names its specialist and room, and its timetable is the
    /// approved schedule's weekly slots (schedule_slots.programme_entry_id); a pupil's assistant is recorded
    /// (pupils.requires_assistant); a programme keeps its environment adaptations and a version for optimistic concurrency.
    /// Provider-neutral by hand like InitialRecords: no store types. A slot stored before is linked to its pupil's service
    /// for the slot's kind of room when there is one (the demo's, and any school's made the same way).
    /// </summary>
    public partial class ProgrammePages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            ArgumentNullException.ThrowIfNull(migrationBuilder);
            migrationBuilder.AddColumn<string>(
                name: "programme_entry_id",
                table: "schedule_slots",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "requires_assistant",
                table: "pupils",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "adaptations",
                table: "programmes",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "programmes",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "room_id",
                table: "programme_entries",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "staff_id",
                table: "programme_entries",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_schedule_slots_programme_entry_id",
                table: "schedule_slots",
                column: "programme_entry_id");

            migrationBuilder.CreateIndex(
                name: "IX_programme_entries_room_id",
                table: "programme_entries",
                column: "room_id");

            migrationBuilder.CreateIndex(
                name: "IX_programme_entries_staff_id",
                table: "programme_entries",
                column: "staff_id");

            migrationBuilder.AddForeignKey(
                name: "FK_programme_entries_rooms_room_id",
                table: "programme_entries",
                column: "room_id",
                principalTable: "rooms",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_programme_entries_staff_members_staff_id",
                table: "programme_entries",
                column: "staff_id",
                principalTable: "staff_members",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_schedule_slots_programme_entries_programme_entry_id",
                table: "schedule_slots",
                column: "programme_entry_id",
                principalTable: "programme_entries",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.Sql(
                """
                UPDATE schedule_slots SET programme_entry_id = (
                    SELECT MIN(e.id) FROM programme_entries e
                    JOIN programmes p ON p.id = e.programme_id
                    JOIN rooms r ON r.id = schedule_slots.room_id
                    WHERE p.pupil_id = schedule_slots.pupil_id AND e.room_kind = r.kind)
                WHERE programme_entry_id IS NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            ArgumentNullException.ThrowIfNull(migrationBuilder);
            migrationBuilder.DropForeignKey(
                name: "FK_programme_entries_rooms_room_id",
                table: "programme_entries");

            migrationBuilder.DropForeignKey(
                name: "FK_programme_entries_staff_members_staff_id",
                table: "programme_entries");

            migrationBuilder.DropForeignKey(
                name: "FK_schedule_slots_programme_entries_programme_entry_id",
                table: "schedule_slots");

            migrationBuilder.DropIndex(
                name: "IX_schedule_slots_programme_entry_id",
                table: "schedule_slots");

            migrationBuilder.DropIndex(
                name: "IX_programme_entries_room_id",
                table: "programme_entries");

            migrationBuilder.DropIndex(
                name: "IX_programme_entries_staff_id",
                table: "programme_entries");

            migrationBuilder.DropColumn(
                name: "programme_entry_id",
                table: "schedule_slots");

            migrationBuilder.DropColumn(
                name: "requires_assistant",
                table: "pupils");

            migrationBuilder.DropColumn(
                name: "adaptations",
                table: "programmes");

            migrationBuilder.DropColumn(
                name: "version",
                table: "programmes");

            migrationBuilder.DropColumn(
                name: "room_id",
                table: "programme_entries");

            migrationBuilder.DropColumn(
                name: "staff_id",
                table: "programme_entries");
        }
    }
}
