namespace Inclusion.Iot.Server.Data;

/// <summary>
/// The audit chain's head (table <c>audit_chain_head</c>, exactly one row, id 1): the last sequence and hash, updated in
/// the same transaction as each append. Every append first updates this row, which serialises appends (a row lock on
/// PostgreSQL, the single writer on SQLite) so the chain never forks; verification compares it with the last entry, so a
/// deleted tail is detected as well as an edited or deleted row.
/// </summary>
public sealed class AuditChainHead
{
    public const int SingleId = 1;

    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public int Id { get; set; } = SingleId;

    public long LastSequence { get; set; }

    public required string LastHash { get; set; }
}
