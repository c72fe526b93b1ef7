using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inclusion.Iot.Server.Data.Migrations
{
    /// <summary>
    /// Issue 11: the hash-chained audit log (audit_entries, append-only; audit_chain_head, one row holding the last
    /// sequence and hash, seeded at 0 and the genesis hash) and programmes.last_reviewed_on for the D-IPR review rule.
    /// Provider-neutral by hand like InitialRecords: no store types, no generated keys.
    /// </summary>
    public partial class AuditAndRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "last_reviewed_on",
                table: "programmes",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "audit_chain_head",
                columns: table => new
                {
                    id = table.Column<int>(nullable: false),
                    last_sequence = table.Column<long>(nullable: false),
                    last_hash = table.Column<string>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_chain_head", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    sequence = table.Column<long>(nullable: false),
                    occurred_at = table.Column<DateTime>(nullable: false),
                    actor = table.Column<string>(nullable: false),
                    actor_role = table.Column<string>(nullable: false),
                    organisation_id = table.Column<string>(nullable: true),
                    action = table.Column<string>(nullable: false),
                    subject_kind = table.Column<string>(nullable: false),
                    subject_id = table.Column<string>(nullable: true),
                    details = table.Column<string>(nullable: true),
                    origin = table.Column<string>(nullable: false),
                    previous_hash = table.Column<string>(nullable: false),
                    hash = table.Column<string>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.sequence);
                });

            migrationBuilder.InsertData(
                table: "audit_chain_head",
                columns: new[] { "id", "last_hash", "last_sequence" },
                values: new object[] { 1, "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_occurred_at",
                table: "audit_entries",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_organisation_id_sequence",
                table: "audit_entries",
                columns: new[] { "organisation_id", "sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_subject_kind_subject_id",
                table: "audit_entries",
                columns: new[] { "subject_kind", "subject_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_chain_head");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropColumn(
                name: "last_reviewed_on",
                table: "programmes");
        }
    }
}
