using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Mfrc522;
using Inclusion.Iot.Edge.Devices.Simulation;
using Inclusion.Iot.Edge.Devices.Tests.Readers;

namespace Inclusion.Iot.Edge.Devices.Tests.Mfrc522;

public sealed class Mfrc522BadgeReaderTests
{
    private const string Name = "entry-reader";
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private static async Task<(ReaderHarness Harness, Mfrc522BadgeReader Reader)> StartAsync(SimulatedMfrc522 chip, int missedPollsToEnd = 3)
    {
        var harness = new ReaderHarness();
        var reader = new Mfrc522BadgeReader(Name, chip, timeProvider: harness.Time, pollInterval: Interval, missedPollsToEnd: missedPollsToEnd);
        await harness.StartAsync(reader, w => reader.Waiting += w);
        return (harness, reader);
    }

    [Theory]
    [InlineData("DEADBEEF")]
    [InlineData("048A2B1C5D6E80")]
    [InlineData("0811223344556677889A")]
    public async Task A_card_read_through_the_simulated_spi_exchange_is_reported_with_its_normalised_uid(string uid)
    {
        var chip = new SimulatedMfrc522();
        chip.PresentCard(Convert.FromHexString(uid), sak: 0x08);
        var (harness, reader) = await StartAsync(chip);
        await using var _ = reader;
        await using var __ = harness;

        Assert.Equal([new AvailabilityInput(Name, true), new BadgeInput(Name, uid)], harness.Inputs);
        Assert.True(chip.Transfers > 20, "the UID came through the binding's register exchange");
    }

    [Fact]
    public async Task A_card_held_at_the_reader_for_many_polls_is_reported_once()
    {
        var chip = new SimulatedMfrc522();
        chip.PresentCard([0x04, 0x8A, 0x2B, 0x1C, 0x5D, 0x6E, 0x80]);
        var (harness, reader) = await StartAsync(chip, missedPollsToEnd: 2);
        await using var _ = reader;
        await using var __ = harness;

        await harness.PollAsync(25);

        Assert.Single(harness.Of<BadgeInput>());
    }

    [Fact]
    public async Task A_card_removed_and_presented_again_is_reported_twice()
    {
        var chip = new SimulatedMfrc522();
        chip.PresentCard([0xDE, 0xAD, 0xBE, 0xEF]);
        var (harness, reader) = await StartAsync(chip, missedPollsToEnd: 3);
        await using var _ = reader;
        await using var __ = harness;

        chip.RemoveCard();
        await harness.PollAsync(4);
        Assert.Single(harness.Of<BadgeInput>());
        chip.PresentCard([0xDE, 0xAD, 0xBE, 0xEF]);
        await harness.PollAsync();

        Assert.Equal([new BadgeInput(Name, "DEADBEEF"), new BadgeInput(Name, "DEADBEEF")], harness.Of<BadgeInput>());
    }

    [Fact]
    public async Task An_absence_of_two_polls_does_not_report_the_card_again()
    {
        var chip = new SimulatedMfrc522();
        chip.PresentCard([0xDE, 0xAD, 0xBE, 0xEF]);
        var (harness, reader) = await StartAsync(chip, missedPollsToEnd: 3);
        await using var _ = reader;
        await using var __ = harness;

        chip.RemoveCard();
        await harness.PollAsync(2);
        chip.PresentCard([0xDE, 0xAD, 0xBE, 0xEF]);
        await harness.PollAsync(6);

        Assert.Single(harness.Of<BadgeInput>());
    }

    [Fact]
    public async Task A_garbled_anticollision_answer_is_rejected_once_and_never_a_badge()
    {
        var chip = new SimulatedMfrc522();
        chip.PresentJunk();
        var (harness, reader) = await StartAsync(chip, missedPollsToEnd: 2);
        await using var _ = reader;
        await using var __ = harness;

        await harness.PollAsync(10);

        var rejected = Assert.Single(harness.Of<RejectedInput>());
        Assert.Equal("spi0.0", rejected.Source);
        Assert.Contains("ATQA", rejected.Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Of<BadgeInput>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_reader_that_stops_answering_is_one_offline_event_then_one_online_event_when_it_answers_again(bool throwOnTransfer)
    {
        var chip = new SimulatedMfrc522();
        var (harness, reader) = await StartAsync(chip);
        await using var _ = reader;
        await using var __ = harness;

        chip.StopAnswering(throwOnTransfer);
        await harness.PollAsync(12);
        var offline = harness.Of<AvailabilityInput>();
        Assert.Equal(2, offline.Count);
        Assert.False(offline[1].Online);
        Assert.False(string.IsNullOrEmpty(offline[1].Reason));
        Assert.True(harness.CurrentWait > Interval, "retries back off");

        // It comes back from power-on (antenna off): only a re-initialised chip reads the card.
        chip.Resume();
        chip.PresentCard([0xCA, 0xFE, 0xBA, 0xBE]);
        await harness.PollAsync();
        await harness.PollAsync(5);

        Assert.Equal([true, false, true], harness.Of<AvailabilityInput>().Select(a => a.Online));
        Assert.Equal([new BadgeInput(Name, "CAFEBABE")], harness.Of<BadgeInput>());
        Assert.Equal(Interval, harness.CurrentWait);
    }

    [Fact]
    public async Task A_reader_absent_at_start_reports_itself_offline_with_the_version_it_read()
    {
        var chip = new SimulatedMfrc522();
        chip.StopAnswering();
        var (harness, reader) = await StartAsync(chip);
        await using var _ = reader;
        await using var __ = harness;

        await harness.PollAsync(3);

        var offline = Assert.Single(harness.Inputs);
        Assert.Equal(Name, offline.Device);
        var availability = Assert.IsType<AvailabilityInput>(offline);
        Assert.False(availability.Online);
        Assert.Contains("0x00", availability.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chip_reset_under_the_reader_is_configured_again_without_a_health_event()
    {
        var chip = new SimulatedMfrc522();
        var (harness, reader) = await StartAsync(chip);
        await using var _ = reader;
        await using var __ = harness;

        chip.Resume(); // a brown-out: registers back to reset values, antenna off
        chip.PresentCard([0x01, 0x02, 0x03, 0x04]);
        await harness.PollAsync();

        Assert.Equal([new AvailabilityInput(Name, true), new BadgeInput(Name, "01020304")], harness.Inputs);
        Assert.Equal(0x03, chip.RegisterValue(0x14) & 0x03);
    }

    [Fact]
    public async Task Cancellation_ends_RunAsync_and_nothing_is_polled_after()
    {
        var chip = new SimulatedMfrc522();
        var (harness, reader) = await StartAsync(chip);
        await using var _ = reader;
        await using var __ = harness;

        await harness.StopAsync();
        var transfers = chip.Transfers;
        chip.PresentCard([0xDE, 0xAD, 0xBE, 0xEF]);
        harness.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.True(harness.Run.IsCanceled);
        Assert.Equal(transfers, chip.Transfers);
        Assert.Empty(harness.Of<BadgeInput>());
    }

    [Fact]
    public void Crc_a_matches_the_iso_14443_3_examples()
    {
        Assert.Equal(0x1EA0, Iso14443Crc.Compute([0x00, 0x00]));
        Assert.Equal(0xCF26, Iso14443Crc.Compute([0x12, 0x34]));
    }
}
