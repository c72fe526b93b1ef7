using System.Device.Gpio;
using Inclusion.Iot.Edge.Devices.Simulation;
using Inclusion.Iot.Edge.Devices.Tm1637;
using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Devices.Tests.Tm1637;

/// <summary>What a TM1637 would receive, decoded from the CLK/DIO writes; segment bytes written out by hand here.</summary>
public sealed class Tm1637TimerDigitsTests : IDisposable
{
    private const int Clk = 5;
    private const int Dio = 6;

    // bit 0 = a … bit 6 = g; the colon is the second digit's bit 7.
    private const byte Zero = 0x3F, One = 0x06, Two = 0x5B, Three = 0x4F, Four = 0x66, Five = 0x6D, Seven = 0x07, Nine = 0x6F, ColonBit = 0x80;

    private readonly SimulatedTm1637 _chip = new(Clk, Dio);
    private readonly SimulatedGpioDriver _driver;
    private readonly GpioController _gpio;

    public Tm1637TimerDigitsTests()
    {
        _driver = new SimulatedGpioDriver(readHook: _chip.AnswerRead);
        _chip.ConnectTo(_driver);
        // The module's pull-up on DIO: only the chip's ACK pulls it low.
        _driver.Drive(Dio, PinValue.High);
        _gpio = new GpioController(_driver);
    }

    [Fact]
    public async Task Twelve_thirty_four_reaches_the_chip_as_1_2_colon_3_4_with_the_screen_on()
    {
        await using var digits = new Tm1637TimerDigits("wall-digits", Clk, Dio, _gpio, brightness: 3);
        await digits.ShowAsync(Countdown((12 * 60) + 34), CancellationToken.None);
        Assert.Equal([One, Two | ColonBit, Three, Four, 0, 0], _chip.Segments);
        Assert.True(_chip.DisplayOn);
        Assert.Equal(3, _chip.Brightness);
        Assert.Empty(_chip.Faults);
    }

    [Fact]
    public async Task Off_blanks_the_digits_and_turns_the_screen_off()
    {
        await using var digits = new Tm1637TimerDigits("wall-digits", Clk, Dio, _gpio);
        await digits.ShowAsync(Countdown(754), CancellationToken.None);
        await digits.ShowAsync(TimerDisplay.Off, CancellationToken.None);
        Assert.Equal([0, 0, 0, 0, 0, 0], _chip.Segments);
        Assert.False(_chip.DisplayOn);
        Assert.Empty(_chip.Faults);
    }

    [Fact]
    public async Task Minutes_keep_their_leading_zero()
    {
        await using var digits = new Tm1637TimerDigits("wall-digits", Clk, Dio, _gpio);
        await digits.ShowAsync(Countdown((5 * 60) + 7), CancellationToken.None);
        Assert.Equal([Zero, Five | ColonBit, Zero, Seven], _chip.Segments.Take(4));
    }

    [Fact]
    public async Task An_overrun_shows_a_steady_00_00()
    {
        await using var digits = new Tm1637TimerDigits("wall-digits", Clk, Dio, _gpio);
        await digits.ShowAsync(Countdown(-65), CancellationToken.None);
        Assert.Equal([Zero, Zero | ColonBit, Zero, Zero], _chip.Segments.Take(4));
        Assert.True(_chip.DisplayOn);
    }

    [Fact]
    public async Task More_than_99_59_shows_99_59()
    {
        await using var digits = new Tm1637TimerDigits("wall-digits", Clk, Dio, _gpio);
        await digits.ShowAsync(Countdown(2 * 3600), CancellationToken.None);
        Assert.Equal([Nine, Nine | ColonBit, Five, Nine], _chip.Segments.Take(4));
    }

    [Fact]
    public async Task A_countdown_without_a_time_left_shows_nothing()
    {
        await using var digits = new Tm1637TimerDigits("wall-digits", Clk, Dio, _gpio);
        await digits.ShowAsync(Countdown(754), CancellationToken.None);
        await digits.ShowAsync(new TimerDisplay(true, null, 900, TimerPhase.Running, null, null), CancellationToken.None);
        Assert.False(_chip.DisplayOn);
        Assert.All(_chip.Segments, segment => Assert.Equal(0, segment));
    }

    [Fact]
    public async Task It_is_dim_unless_told_otherwise()
    {
        await using var digits = new Tm1637TimerDigits("wall-digits", Clk, Dio, _gpio);
        await digits.ShowAsync(Countdown(754), CancellationToken.None);
        Assert.InRange(_chip.Brightness, 0, 2);
    }

    [Fact]
    public async Task Dispose_blanks_the_wall_and_closes_both_pins()
    {
        var digits = new Tm1637TimerDigits("wall-digits", Clk, Dio, _gpio);
        await digits.ShowAsync(Countdown(754), CancellationToken.None);
        await digits.DisposeAsync();
        Assert.False(_chip.DisplayOn);
        Assert.All(_chip.Segments, segment => Assert.Equal(0, segment));
        Assert.DoesNotContain(Clk, _driver.OpenPins);
        Assert.DoesNotContain(Dio, _driver.OpenPins);
    }

    [Fact]
    public async Task A_chip_that_does_not_acknowledge_is_an_io_error()
    {
        // No chip on the wires: DIO stays at its pull-up.
        var lonely = new SimulatedGpioDriver();
        lonely.Drive(Dio, PinValue.High);
        using var gpio = new GpioController(lonely);
        await using var digits = new Tm1637TimerDigits("wall-digits", Clk, Dio, gpio);
        await Assert.ThrowsAsync<IOException>(() => digits.ShowAsync(Countdown(754), CancellationToken.None));
    }

    public void Dispose() => _gpio.Dispose();

    private static TimerDisplay Countdown(int remainingSeconds) => new(true, remainingSeconds, 900, TimerPhase.Running, null, null);
}
