using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Pn532;
using Inclusion.Iot.Edge.Devices.Simulation;
using Inclusion.Iot.Edge.Devices.Tests.Readers;

namespace Inclusion.Iot.Edge.Devices.Tests.Pn532;

public sealed class Pn532BadgeReaderTests
{
    private const string Name = "entry-reader";
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private static async Task<(ReaderHarness Harness, Pn532BadgeReader Reader)> StartAsync(SimulatedPn532 chip, int missedPollsToEnd = 3)
    {
        var harness = new ReaderHarness();
        var reader = new Pn532BadgeReader(Name, chip, timeProvider: harness.Time, pollInterval: Interval, missedPollsToEnd: missedPollsToEnd);
        await harness.StartAsync(reader, w => reader.Waiting += w);
        return (harness, reader);
    }

    [Theory]
    [InlineData("DEADBEEF")]
    [InlineData("048A2B1C5D6E80")]
    public async Task A_card_read_through_the_simulated_i2c_exchange_is_reported_with_its_normalised_uid(string uid)
    {
        var chip = new SimulatedPn532();
        chip.PresentCard(Convert.FromHexString(uid));
        var (harness, reader) = await StartAsync(chip);
        await using var _ = reader;
        await using var __ = harness;

        Assert.Equal([new AvailabilityInput(Name, true), new BadgeInput(Name, uid)], harness.Inputs);
        Assert.Equal(1, chip.ListPassiveTargetCount);
    }

    [Fact]
    public async Task A_card_held_for_many_polls_is_reported_once_and_again_after_it_was_removed()
    {
        var chip = new SimulatedPn532();
        chip.PresentCard([0xDE, 0xAD, 0xBE, 0xEF]);
        var (harness, reader) = await StartAsync(chip, missedPollsToEnd: 3);
        await using var _ = reader;
        await using var __ = harness;

        await harness.PollAsync(20);
        Assert.Single(harness.Of<BadgeInput>());

        chip.RemoveCard();
        await harness.PollAsync(2);
        chip.PresentCard([0xDE, 0xAD, 0xBE, 0xEF]);
        await harness.PollAsync(3);
        Assert.Single(harness.Of<BadgeInput>()); // two polls away is the same presentation

        chip.RemoveCard();
        await harness.PollAsync(3);
        chip.PresentCard([0xDE, 0xAD, 0xBE, 0xEF]);
        await harness.PollAsync();
        Assert.Equal(2, harness.Of<BadgeInput>().Count);
        Assert.Equal(21 + 2 + 3 + 3 + 1, chip.ListPassiveTargetCount);
    }

    [Fact]
    public async Task A_uid_of_no_iso_size_is_rejected_once_and_never_a_badge()
    {
        var chip = new SimulatedPn532();
        chip.PresentJunk();
        var (harness, reader) = await StartAsync(chip);
        await using var _ = reader;
        await using var __ = harness;

        await harness.PollAsync(8);

        var rejected = Assert.Single(harness.Of<RejectedInput>());
        Assert.Equal("i2c1.0x24", rejected.Source);
        Assert.Contains("5 bytes", rejected.Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Of<BadgeInput>());
    }

    [Fact]
    public async Task A_reader_that_stops_answering_is_one_offline_event_then_one_online_event_when_it_answers_again()
    {
        var chip = new SimulatedPn532();
        var (harness, reader) = await StartAsync(chip);
        await using var _ = reader;
        await using var __ = harness;

        chip.StopAnswering();
        await harness.PollAsync(12);
        Assert.Equal([true, false], harness.Of<AvailabilityInput>().Select(a => a.Online));
        Assert.True(harness.CurrentWait > Interval, "retries back off");

        // Back from power-on: no RF until SAMConfiguration, so only a re-initialised binding reads the card.
        chip.Resume();
        chip.PresentCard([0xCA, 0xFE, 0xBA, 0xBE]);
        await harness.PollAsync();
        await harness.PollAsync(4);

        Assert.Equal([true, false, true], harness.Of<AvailabilityInput>().Select(a => a.Online));
        Assert.Equal([new BadgeInput(Name, "CAFEBABE")], harness.Of<BadgeInput>());
    }

    [Fact]
    public async Task A_reader_absent_at_start_reports_itself_offline_once()
    {
        var chip = new SimulatedPn532();
        chip.StopAnswering();
        var (harness, reader) = await StartAsync(chip);
        await using var _ = reader;
        await using var __ = harness;

        await harness.PollAsync(4);

        var availability = Assert.IsType<AvailabilityInput>(Assert.Single(harness.Inputs));
        Assert.False(availability.Online);
        Assert.False(string.IsNullOrEmpty(availability.Reason));
    }

    [Fact]
    public async Task Cancellation_ends_RunAsync()
    {
        var chip = new SimulatedPn532();
        var (harness, reader) = await StartAsync(chip);
        await using var _ = reader;
        await using var __ = harness;

        await harness.StopAsync();
        var polls = chip.ListPassiveTargetCount;
        harness.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.True(harness.Run.IsCanceled);
        Assert.Equal(polls, chip.ListPassiveTargetCount);
    }
}
