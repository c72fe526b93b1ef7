using System.Globalization;

namespace Inclusion.Iot.Edge.Devices.RoomFile;

/// <summary>
/// Which GPIO pins, SPI chip selects and I2C addresses the room's wired devices take, so no two devices share one:
/// a device's own pins, and the header pins of the SPI and I2C buses once a device uses them (SPI0: GPIO7–11,
/// SPI1: GPIO16–21, I2C1: GPIO2–3). Several PCA9685 lighting zones may share one board, on different channels.
/// </summary>
internal sealed class HardwareClaims
{
    private static readonly Dictionary<int, int[]> SpiPins = new() { [0] = [7, 8, 9, 10, 11], [1] = [16, 17, 18, 19, 20, 21] };
    private static readonly Dictionary<int, int[]> I2cPins = new() { [1] = [2, 3] };

    private readonly Dictionary<int, string> _pins = [];
    private readonly Dictionary<string, (string Key, DeviceDriver? SharedBy)> _addresses = new(StringComparer.Ordinal);
    private readonly HashSet<int> _spiBuses = [];
    private readonly HashSet<int> _i2cBuses = [];

    public void Claim(RoomDevice device, string at)
    {
        var wiring = device.Wiring!;
        ClaimPin(wiring.Pin, $"{at}.pin");
        ClaimPin(wiring.ResetPin, $"{at}.resetPin");
        ClaimPin(wiring.ClockPin, $"{at}.clockPin");
        ClaimPin(wiring.DataPin, $"{at}.dataPin");

        if (device.Driver is DeviceDriver.Mfrc522 or DeviceDriver.Ws2812b)
        {
            var bus = wiring.SpiBus!.Value;
            ClaimAddress($"spi{bus}.{wiring.ChipSelect}", $"{at}.chipSelect");
            if (_spiBuses.Add(bus) && SpiPins.TryGetValue(bus, out var pins))
            {
                foreach (var pin in pins) ClaimPin(pin, $"{at}.spiBus", $"SPI{bus} ({at})");
            }
        }

        if (wiring.I2cBus is { } i2c && wiring.I2cAddress is { } address)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"i2c{i2c}@0x{address:X2}");
            if (device.Driver == DeviceDriver.Pca9685)
            {
                // One board, several zones: the board's address is shared by PCA9685 zones, its channels are not.
                ClaimAddress(key, $"{at}.i2cAddress", sharedBy: DeviceDriver.Pca9685);
                ClaimAddress($"{key} channel {wiring.Channel}", $"{at}.channel");
                if (wiring.CoolChannel is { } cool) ClaimAddress($"{key} channel {cool}", $"{at}.coolChannel");
            }
            else
            {
                ClaimAddress(key, $"{at}.i2cAddress");
            }

            if (_i2cBuses.Add(i2c) && I2cPins.TryGetValue(i2c, out var pins))
            {
                foreach (var pin in pins) ClaimPin(pin, $"{at}.i2cBus", $"I2C{i2c} ({at})");
            }
        }
    }

    private void ClaimPin(int? pin, string key, string? user = null)
    {
        if (pin is not { } p) return;
        if (_pins.TryGetValue(p, out var holder)) throw new RoomFileException(RoomFileMessages.PinTaken(key, p, holder));
        _pins[p] = user ?? key;
    }

    private void ClaimAddress(string address, string key, DeviceDriver? sharedBy = null)
    {
        if (_addresses.TryGetValue(address, out var holder))
        {
            if (sharedBy is not null && holder.SharedBy == sharedBy) return;
            throw new RoomFileException(RoomFileMessages.BusAddressTaken(key, address, holder.Key));
        }

        _addresses[address] = (key, sharedBy);
    }
}
