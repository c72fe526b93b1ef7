using System.Device.Gpio;
using Inclusion.Iot.Edge.Devices.Gpio;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;
using Inclusion.Iot.Edge.Devices.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Edge.Devices.Tests.Gpio;

/// <summary>
/// The three GPIO inputs over the simulated chip. Edges and the fake clock's timers run on the test thread, so every
/// report is queued, in order, by the time Drive or Advance returns: a later report the test awaits is the barrier
/// proving nothing else was reported before it.
/// </summary>
public sealed class GpioInputTests : IAsyncDisposable
{
    private const int Pir = 17;
    private const int Door = 27;
    private const int Alarm = 22;
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(30);

    private readonly SimulatedGpioDriver _driver = new();
    private readonly GpioController _gpio;
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingSink _sink = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IHardwareInput> _inputs = [];
    private readonly List<Task> _runs = [];

    public GpioInputTests() => _gpio = new GpioController(_driver);

    [Fact]
    public async Task Door_reports_closed_at_start_when_the_reed_holds_the_pin_low()
    {
        _driver.Drive(Door, PinValue.Low);
        Start(new GpioDoorContact("door", Door, _gpio, _time, debounce: Debounce));
        Assert.Equal(new DoorInput("door", false), await _sink.NextAsync());
        Assert.Equal(PinMode.InputPullUp, _driver.ModeOf(Door));
    }

    [Fact]
    public async Task Door_with_nothing_on_its_pin_reads_open_through_the_pull_up()
    {
        Start(new GpioDoorContact("door", Door, _gpio, _time, debounce: Debounce));
        Assert.Equal(new DoorInput("door", true), await _sink.NextAsync());
    }

    [Fact]
    public async Task Door_opening_is_reported_once_it_has_held_for_the_configured_debounce()
    {
        _driver.Drive(Door, PinValue.Low);
        Start(new GpioDoorContact("door", Door, _gpio, _time, debounce: Debounce));
        await _sink.NextAsync();

        _driver.Drive(Door, PinValue.High);
        _time.Advance(Debounce);
        Assert.Equal(new DoorInput("door", true), await _sink.NextAsync());

        _driver.Drive(Door, PinValue.Low);
        _time.Advance(Debounce);
        Assert.Equal(new DoorInput("door", false), await _sink.NextAsync());
    }

    [Fact]
    public async Task Door_bounces_are_never_reported_and_endless_chatter_is_rejected_naming_the_pin()
    {
        _driver.Drive(Door, PinValue.Low);
        Start(new GpioDoorContact("door", Door, _gpio, _time, debounce: Debounce));
        Assert.Equal(new DoorInput("door", false), await _sink.NextAsync());

        // One bounce just short of the debounce, then a line that never settles: the rejection is the barrier.
        _driver.Drive(Door, PinValue.High);
        _time.Advance(Debounce - TimeSpan.FromMilliseconds(1));
        _driver.Drive(Door, PinValue.Low);
        _time.Advance(TimeSpan.FromSeconds(5));
        for (var edge = 2; edge < 64; edge += 2)
        {
            _driver.Drive(Door, PinValue.High);
            _time.Advance(TimeSpan.FromMilliseconds(5));
            _driver.Drive(Door, PinValue.Low);
            _time.Advance(TimeSpan.FromMilliseconds(5));
        }

        var rejected = Assert.IsType<RejectedInput>(await _sink.NextAsync());
        Assert.Equal(("door", "gpio27"), (rejected.Device, rejected.Source));
        Assert.False(_sink.TryNext(out _));
    }

    [Fact]
    public async Task Door_active_low_reads_a_low_pin_as_open()
    {
        _driver.Drive(Door, PinValue.Low);
        Start(new GpioDoorContact("door", Door, _gpio, _time, activeLow: true, debounce: Debounce));
        Assert.Equal(new DoorInput("door", true), await _sink.NextAsync());
    }

    [Fact]
    public async Task Fire_alarm_with_a_cut_loop_reads_as_an_alarm_at_start()
    {
        Start(new GpioFireAlarmInput("fire-alarm", Alarm, _gpio, _time, debounce: Debounce));
        Assert.Equal(new FireAlarmInput("fire-alarm", true), await _sink.NextAsync());
    }

    [Fact]
    public async Task Fire_alarm_closed_loop_is_quiet_and_the_loop_opening_is_an_alarm_after_the_debounce()
    {
        _driver.Drive(Alarm, PinValue.Low);
        Start(new GpioFireAlarmInput("fire-alarm", Alarm, _gpio, _time, debounce: Debounce));
        Assert.Equal(new FireAlarmInput("fire-alarm", false), await _sink.NextAsync());

        _driver.Drive(Alarm, PinValue.High);
        _time.Advance(Debounce);
        Assert.Equal(new FireAlarmInput("fire-alarm", true), await _sink.NextAsync());
        Assert.Equal(PinMode.InputPullUp, _driver.ModeOf(Alarm));
    }

    [Fact]
    public async Task Fire_alarm_normally_open_contact_reads_a_low_pin_as_an_alarm()
    {
        _driver.Drive(Alarm, PinValue.Low);
        Start(new GpioFireAlarmInput("fire-alarm", Alarm, _gpio, _time, activeLow: true, debounce: Debounce));
        Assert.Equal(new FireAlarmInput("fire-alarm", true), await _sink.NextAsync());
    }

    [Fact]
    public void Fire_alarm_refuses_a_debounce_that_would_delay_an_evacuation() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GpioFireAlarmInput("fire-alarm", Alarm, _gpio, _time, debounce: TimeSpan.FromSeconds(2)));

    [Fact]
    public async Task Motion_sensor_reports_motion_then_clear_as_motion_sensing()
    {
        var pir = new GpioMotionSensor("pir", Pir, _gpio, _time, debounce: Debounce);
        Assert.Equal(OccupancySensing.Motion, pir.Sensing);
        Start(pir);
        Assert.Equal(new OccupancyInput("pir", false, OccupancySensing.Motion), await _sink.NextAsync());

        _driver.Drive(Pir, PinValue.High);
        _time.Advance(Debounce);
        Assert.Equal(new OccupancyInput("pir", true, OccupancySensing.Motion), await _sink.NextAsync());

        _driver.Drive(Pir, PinValue.Low);
        _time.Advance(Debounce);
        Assert.Equal(new OccupancyInput("pir", false, OccupancySensing.Motion), await _sink.NextAsync());
    }

    [Fact]
    public async Task Motion_sensor_active_low_reads_a_low_pin_as_motion()
    {
        _driver.Drive(Pir, PinValue.Low);
        Start(new GpioMotionSensor("pir", Pir, _gpio, _time, activeLow: true, debounce: Debounce));
        Assert.Equal(new OccupancyInput("pir", true, OccupancySensing.Motion), await _sink.NextAsync());
    }

    [Fact]
    public async Task Each_input_closes_its_pin_on_dispose()
    {
        await using (new GpioMotionSensor("pir", Pir, _gpio, _time))
        await using (new GpioDoorContact("door", Door, _gpio, _time))
        await using (new GpioFireAlarmInput("fire-alarm", Alarm, _gpio, _time))
        {
            Assert.Equal([Pir, Alarm, Door], _driver.OpenPins.Order());
        }

        Assert.Empty(_driver.OpenPins);
    }

    [Fact]
    public async Task Run_returns_when_cancelled()
    {
        var door = new GpioDoorContact("door", Door, _gpio, _time);
        _inputs.Add(door);
        using var stop = new CancellationTokenSource();
        var run = door.RunAsync(_sink, stop.Token);
        await _sink.NextAsync();
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_runs).WaitAsync(TimeSpan.FromSeconds(10));
        foreach (var input in _inputs) await input.DisposeAsync();
        _gpio.Dispose();
        _stop.Dispose();
    }

    private void Start(IHardwareInput input)
    {
        _inputs.Add(input);
        _runs.Add(input.RunAsync(_sink, _stop.Token));
    }
}
