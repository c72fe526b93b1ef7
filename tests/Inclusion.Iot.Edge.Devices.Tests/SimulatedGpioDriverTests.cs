using System.Device.Gpio;
using Inclusion.Iot.Edge.Devices.Simulation;

namespace Inclusion.Iot.Edge.Devices.Tests;

public sealed class SimulatedGpioDriverTests
{
    [Fact]
    public void Driven_input_raises_the_registered_edge_callback_once_per_change()
    {
        var driver = new SimulatedGpioDriver();
        using var gpio = new GpioController(driver);
        gpio.OpenPin(17, PinMode.Input);
        var edges = new List<PinEventTypes>();
        gpio.RegisterCallbackForPinValueChangedEvent(17, PinEventTypes.Rising | PinEventTypes.Falling, (_, e) => edges.Add(e.ChangeType));

        driver.Drive(17, PinValue.High);
        driver.Drive(17, PinValue.High);
        driver.Drive(17, PinValue.Low);

        Assert.Equal([PinEventTypes.Rising, PinEventTypes.Falling], edges);
        Assert.Equal(PinValue.Low, gpio.Read(17));
    }

    [Fact]
    public void Pull_up_input_reads_high_until_driven_low()
    {
        var driver = new SimulatedGpioDriver();
        using var gpio = new GpioController(driver);
        gpio.OpenPin(4, PinMode.InputPullUp);
        Assert.Equal(PinValue.High, gpio.Read(4));
        driver.Drive(4, PinValue.Low);
        Assert.Equal(PinValue.Low, gpio.Read(4));
    }

    [Fact]
    public void Writes_are_reported_in_order_and_remembered()
    {
        var driver = new SimulatedGpioDriver();
        using var gpio = new GpioController(driver);
        gpio.OpenPin(5, PinMode.Output);
        gpio.OpenPin(6, PinMode.Output);
        var log = new List<(int, PinValue)>();
        driver.PinWritten += (pin, value) => log.Add((pin, value));

        gpio.Write(5, PinValue.High);
        gpio.Write(6, PinValue.High);
        gpio.Write(5, PinValue.Low);

        Assert.Equal([(5, PinValue.High), (6, PinValue.High), (5, PinValue.Low)], log);
        Assert.Equal(PinValue.High, driver.WrittenValue(6));
    }

    [Fact]
    public void A_pin_outside_the_chip_is_refused()
    {
        using var gpio = new GpioController(new SimulatedGpioDriver(pinCount: 28));
        Assert.ThrowsAny<ArgumentException>(() => gpio.OpenPin(28));
    }
}
