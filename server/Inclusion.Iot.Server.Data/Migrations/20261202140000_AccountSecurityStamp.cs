using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inclusion.Iot.Server.Data.Migrations
{
    /// <summary>
    /// Issue 11, admin pages: an account's security stamp (a session ends when it changes: reset, disabled, role
    /// changed), when it was disabled and its last sign-in. Provider-neutral by hand like InitialRecords: no store
    /// types. Existing accounts get an empty stamp, which their next sign-in carries; the first change replaces it.
    /// </summary>
    public partial class AccountSecurityStamp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "security_stamp",
                table: "accounts",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "disabled_at",
                table: "accounts",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "last_sign_in_at",
                table: "accounts",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(name: "security_stamp", table: "accounts");
            migrationBuilder.DropColumn(name: "disabled_at", table: "accounts");
            migrationBuilder.DropColumn(name: "last_sign_in_at", table: "accounts");
        }
    }
}
