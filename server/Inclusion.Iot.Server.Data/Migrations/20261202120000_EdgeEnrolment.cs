using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inclusion.Iot.Server.Data.Migrations
{
    /// <summary>
    /// Issue 11: an edge's credential (the hashed one-time enrolment code, the issued client certificate's thumbprint,
    /// serial and not-after, and when it was revoked). Provider-neutral by hand like InitialRecords: no store types.
    /// </summary>
    public partial class EdgeEnrolment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "edge_credentials",
                columns: table => new
                {
                    edge_id = table.Column<string>(nullable: false),
                    enrolment_code_hash = table.Column<byte[]>(nullable: true),
                    enrolment_code_expires_at = table.Column<DateTime>(nullable: true),
                    certificate_thumbprint = table.Column<string>(nullable: true),
                    certificate_serial = table.Column<string>(nullable: true),
                    certificate_issued_at = table.Column<DateTime>(nullable: true),
                    certificate_not_after = table.Column<DateTime>(nullable: true),
                    revoked_at = table.Column<DateTime>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_edge_credentials", x => x.edge_id);
                    table.ForeignKey(
                        name: "FK_edge_credentials_edges_edge_id",
                        column: x => x.edge_id,
                        principalTable: "edges",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_edge_credentials_certificate_thumbprint",
                table: "edge_credentials",
                column: "certificate_thumbprint",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "edge_credentials");
        }
    }
}
