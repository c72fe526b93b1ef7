using Inclusion.Iot.Edge.Devices.Simulation;

namespace Inclusion.Iot.Edge.Devices.Tests.Pca9685;

public sealed class SimulatedPca9685Tests
{
    [Fact]
    public void Powers_up_asleep_at_200_hz_with_every_led_full_off()
    {
        var sim = new SimulatedPca9685();
        Assert.True(sim.IsAsleep);
        Assert.InRange(sim.PwmFrequencyHz, 190, 210); // PRE_SCALE 0x1E: the datasheet's nominal 200 Hz
        Assert.All(Enumerable.Range(0, 16), ch => Assert.Equal(0, sim.DutyCycle(ch)));
    }

    [Fact]
    public void Prescale_is_written_only_while_asleep()
    {
        var sim = new SimulatedPca9685();
        sim.Write([0xFE, 3]);
        Assert.Equal(3, sim.Register(0xFE));

        sim.Write([0x00, 0x20]); // awake, auto-increment
        sim.Write([0xFE, 100]);
        Assert.Equal(3, sim.Register(0xFE));
    }

    [Fact]
    public void Auto_increment_writes_on_and_off_counts_in_one_transaction_and_reads_them_back()
    {
        var sim = new SimulatedPca9685();
        sim.Write([0x00, 0x20]);
        sim.Write([0x06 + 4 * 2, 0x00, 0x00, 0x00, 0x08]); // LED2: on at 0, off at 2048

        Assert.Equal(0.5, sim.DutyCycle(2));
        sim.WriteByte(0x06 + 4 * 2 + 2);
        Span<byte> off = stackalloc byte[2];
        sim.Read(off);
        Assert.Equal([0x00, 0x08], off.ToArray());
    }

    [Fact]
    public void All_led_registers_fan_out_to_every_channel_and_read_as_zero()
    {
        var sim = new SimulatedPca9685();
        sim.Write([0x00, 0x20]);
        sim.Write([0xFA, 0x00, 0x10, 0x00, 0x00]); // ALL_LED full on

        Assert.All(Enumerable.Range(0, 16), ch => Assert.Equal(1, sim.DutyCycle(ch)));
        sim.WriteByte(0xFA);
        Assert.Equal(0, sim.ReadByte());
    }

    [Fact]
    public void Without_auto_increment_each_byte_lands_on_the_same_register()
    {
        var sim = new SimulatedPca9685();
        sim.Write([0x00, 0x00]); // awake, no auto-increment
        sim.Write([0x08, 0x34, 0x12]);
        Assert.Equal(0x12, sim.Register(0x08));
        Assert.Equal(0x00, sim.Register(0x09) & 0x0F);
    }
}
