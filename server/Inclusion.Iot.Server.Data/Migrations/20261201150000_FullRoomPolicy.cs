using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inclusion.Iot.Server.Data.Migrations
{
    /// <summary>
    /// The rest of the edge's RoomPolicy in the organisation's policy: R-DUR default lengths and extend step, the timer's
    /// warnings, the idle and arrival scenes, R-GROUP's largest group, R-ESCORT's unescorted grace, the lock's release
    /// and R-WEEK's limits by support level. Provider-neutral by hand like InitialRecords: no store types, and defaults
    /// for the rows already there (0 and an empty list: the edge's own presets).
    /// </summary>
    public partial class FullRoomPolicy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "policy_individual_default_minutes",
                table: "organisations",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "policy_group_default_minutes",
                table: "organisations",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "policy_unloading_default_minutes",
                table: "organisations",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "policy_open_use_default_minutes",
                table: "organisations",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "policy_extend_step_minutes",
                table: "organisations",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "policy_first_warning_seconds",
                table: "organisations",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "policy_final_warning_seconds",
                table: "organisations",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "policy_idle_brightness_percent",
                table: "organisations",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "policy_idle_colour_temperature_kelvin",
                table: "organisations",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "policy_arrival_seconds",
                table: "organisations",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "policy_group_max_pupils",
                table: "organisations",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "policy_unescorted_grace_seconds",
                table: "organisations",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "policy_unlock_seconds",
                table: "organisations",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "policy_weekly_limit_by_level",
                table: "organisations",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "policy_individual_default_minutes",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "policy_group_default_minutes",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "policy_unloading_default_minutes",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "policy_open_use_default_minutes",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "policy_extend_step_minutes",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "policy_first_warning_seconds",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "policy_final_warning_seconds",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "policy_idle_brightness_percent",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "policy_idle_colour_temperature_kelvin",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "policy_arrival_seconds",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "policy_group_max_pupils",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "policy_unescorted_grace_seconds",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "policy_unlock_seconds",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "policy_weekly_limit_by_level",
                table: "organisations");
        }
    }
}
