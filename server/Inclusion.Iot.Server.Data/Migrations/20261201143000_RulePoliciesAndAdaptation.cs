using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inclusion.Iot.Server.Data.Migrations
{
    /// <summary>
    /// R-WEEK enforcement, R-SCHED tolerance and offline escort days in the organisation's policy; R-ADAPT periods on
    /// programmes; the rule that limited a session's planned length. Provider-neutral by hand like InitialRecords: no
    /// store types, and defaults for the rows already there (the presets: refuse, 0 = the edge's own preset, no
    /// adaptation period).
    /// </summary>
    public partial class RulePoliciesAndAdaptation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "policy_weekly_limit_enforcement",
                table: "organisations",
                nullable: false,
                defaultValue: "Refuse");

            migrationBuilder.AddColumn<int>(
                name: "policy_schedule_tolerance_minutes",
                table: "organisations",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "policy_offline_escort_days",
                table: "organisations",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "adaptation_starts_on",
                table: "programmes",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "adaptation_minutes_by_week",
                table: "programmes",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "planned_limited_by",
                table: "sessions",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "policy_weekly_limit_enforcement",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "policy_schedule_tolerance_minutes",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "policy_offline_escort_days",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "adaptation_starts_on",
                table: "programmes");

            migrationBuilder.DropColumn(
                name: "adaptation_minutes_by_week",
                table: "programmes");

            migrationBuilder.DropColumn(
                name: "planned_limited_by",
                table: "sessions");
        }
    }
}
