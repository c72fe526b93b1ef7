using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inclusion.Iot.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class RawEventsWithoutEdgeForeignKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_raw_events_edges_edge_id",
                table: "raw_events");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddForeignKey(
                name: "FK_raw_events_edges_edge_id",
                table: "raw_events",
                column: "edge_id",
                principalTable: "edges",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
