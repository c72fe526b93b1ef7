using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Inclusion.Iot.Server.Data.Migrations
{
    /// <summary>
    /// Issue 11 (server security): networks above organisations (organisations.network_id, required) and the local
    /// accounts that sign in to the web side (role, organisation or network, password hash, failed sign-ins, lockout).
    /// Provider-neutral by hand like InitialRecords: no store types, identity and autoincrement annotations for both.
    /// Organisations already stored are put into one network, <c>net-default</c>, created only when there are any.
    /// </summary>
    public partial class TenancyAndAccounts : Migration
    {
        /// <summary>The network that organisations stored before this migration belong to.</summary>
        public const string DefaultNetworkId = "net-default";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            ArgumentNullException.ThrowIfNull(migrationBuilder);
            migrationBuilder.CreateTable(
                name: "networks",
                columns: table => new
                {
                    id = table.Column<string>(nullable: false),
                    name = table.Column<string>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_networks", x => x.id);
                });

            migrationBuilder.Sql(
                $"INSERT INTO networks (id, name) SELECT '{DefaultNetworkId}', 'Default network' WHERE EXISTS (SELECT 1 FROM organisations);");

            migrationBuilder.AddColumn<string>(
                name: "network_id",
                table: "organisations",
                nullable: false,
                defaultValue: DefaultNetworkId);

            migrationBuilder.CreateTable(
                name: "accounts",
                columns: table => new
                {
                    id = table.Column<int>(nullable: false)
                        .Annotation("Sqlite:Autoincrement", true)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_name = table.Column<string>(nullable: false),
                    email = table.Column<string>(nullable: true),
                    display_name = table.Column<string>(nullable: false),
                    role = table.Column<string>(nullable: false),
                    organisation_id = table.Column<string>(nullable: true),
                    network_id = table.Column<string>(nullable: true),
                    password_hash = table.Column<string>(nullable: true),
                    failed_sign_ins = table.Column<int>(nullable: false),
                    locked_until = table.Column<DateTime>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_accounts", x => x.id);
                    table.ForeignKey(
                        name: "FK_accounts_networks_network_id",
                        column: x => x.network_id,
                        principalTable: "networks",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "FK_accounts_organisations_organisation_id",
                        column: x => x.organisation_id,
                        principalTable: "organisations",
                        principalColumn: "id");
                });

            migrationBuilder.CreateIndex(
                name: "IX_organisations_network_id",
                table: "organisations",
                column: "network_id");

            migrationBuilder.CreateIndex(
                name: "IX_accounts_email",
                table: "accounts",
                column: "email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_accounts_network_id",
                table: "accounts",
                column: "network_id");

            migrationBuilder.CreateIndex(
                name: "IX_accounts_organisation_id",
                table: "accounts",
                column: "organisation_id");

            migrationBuilder.CreateIndex(
                name: "IX_accounts_user_name",
                table: "accounts",
                column: "user_name",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_organisations_networks_network_id",
                table: "organisations",
                column: "network_id",
                principalTable: "networks",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            ArgumentNullException.ThrowIfNull(migrationBuilder);
            migrationBuilder.DropForeignKey(
                name: "FK_organisations_networks_network_id",
                table: "organisations");

            migrationBuilder.DropTable(
                name: "accounts");

            migrationBuilder.DropIndex(
                name: "IX_organisations_network_id",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "network_id",
                table: "organisations");

            migrationBuilder.DropTable(
                name: "networks");
        }
    }
}
