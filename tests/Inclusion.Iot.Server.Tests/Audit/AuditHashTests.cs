using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Audit;

namespace Inclusion.Iot.Server.Tests.Audit;

public sealed class AuditHashTests
{
    [Fact]
    public void The_canonical_form_is_the_documented_version_1_text()
    {
        var expected =
            "audit-v1\n" +
            "2:42\n" +
            "27:2026-11-24T09:00:00.123456Z\n" +
            "6:system\n" +
            "6:system\n" +
            "-\n" +
            "5:Purge\n" +
            "9:programme\n" +
            "6:ipr-p1\n" +
            "8:a\nb:Кц\n" +
            "3:job\n" +
            "64:" + AuditChainHead.GenesisHash + "\n";
        var entry = Sample();
        Assert.Equal(expected, Encoding.UTF8.GetString(AuditHash.Canonical(entry)));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(expected))), AuditHash.Compute(entry));
    }

    [Fact]
    public void The_hash_does_not_depend_on_the_culture()
    {
        var invariant = AuditHash.Compute(Sample());
        var before = CultureInfo.CurrentCulture;
        try
        {
            foreach (var culture in new[] { "ar-SA", "th-TH", "uk-UA", "tr-TR" })
            {
                CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
                Assert.Equal(invariant, AuditHash.Compute(Sample()));
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void Every_field_changes_the_hash_and_null_differs_from_empty()
    {
        var original = AuditHash.Compute(Sample());
        var changes = new Action<AuditEntry>[]
        {
            e => e.Sequence++,
            e => e.OccurredAt = e.OccurredAt.AddTicks(10),
            e => e.Actor = "acct-1",
            e => e.ActorRole = "Coordinator",
            e => e.OrganisationId = string.Empty,
            e => e.Action = AuditAction.Delete,
            e => e.SubjectKind = "pupil",
            e => e.SubjectId = null,
            e => e.Details = "a\nb:Кц ",
            e => e.Origin = "command",
            e => e.PreviousHash = new string('1', 64),
        };
        var hashes = changes.Select(change =>
        {
            var entry = Sample();
            change(entry);
            return AuditHash.Compute(entry);
        }).ToList();
        Assert.DoesNotContain(original, hashes);
        Assert.Equal(hashes.Count, hashes.Distinct().Count());
    }

    [Fact]
    public void Times_are_kept_to_whole_microseconds_in_UTC()
    {
        var time = new DateTime(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567);
        Assert.Equal(time.AddTicks(-7), AuditHash.Truncate(time));
        Assert.Equal(DateTimeKind.Utc, AuditHash.Truncate(time).Kind);
    }

    private static AuditEntry Sample() => new()
    {
        Sequence = 42,
        OccurredAt = new DateTime(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc).AddTicks(1_234_560),
        Actor = AuditActor.SystemActor,
        ActorRole = AuditActor.SystemActor,
        OrganisationId = null,
        Action = AuditAction.Purge,
        SubjectKind = "programme",
        SubjectId = "ipr-p1",
        Details = "a\nb:Кц",
        Origin = AuditActor.JobOrigin,
        PreviousHash = AuditChainHead.GenesisHash,
        Hash = "ignored",
    };
}
