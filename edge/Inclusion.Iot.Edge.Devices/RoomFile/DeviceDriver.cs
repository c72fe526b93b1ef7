namespace Inclusion.Iot.Edge.Devices.RoomFile;

/// <summary>How a device is driven (the room file's <c>driver</c>): a convention over MQTT, or hardware on the Pi.</summary>
public enum DeviceDriver
{
    /// <summary>Zigbee2MQTT lights and sensors (<c>zigbee2mqtt/&lt;topic&gt;</c>).</summary>
    Zigbee2Mqtt,
    /// <summary>Tasmota RC522/PN532 readers (<c>tele/&lt;topic&gt;/SENSOR</c>).</summary>
    Tasmota,
    /// <summary>Our ESP devices (<c>inclusion/&lt;room&gt;/device/&lt;name&gt;/set|state</c>).</summary>
    Inclusion,
    /// <summary>A GPIO pin of the Pi (PIR, door contact, lock relay, fire-alarm input, buzzer).</summary>
    Gpio,
    /// <summary>An MFRC522 badge reader on SPI.</summary>
    Mfrc522,
    /// <summary>A PN532 badge reader on I2C or UART.</summary>
    Pn532,
    /// <summary>A WS2812B LED ring or strip on SPI, as visual timer.</summary>
    Ws2812b,
    /// <summary>A TM1637 4-digit display on two GPIO pins, as visual timer.</summary>
    Tm1637,
    /// <summary>A PCA9685 PWM board on I2C driving dimmable LED channels.</summary>
    Pca9685,
    /// <summary>One hardware PWM channel of the Pi driving a dimmable LED.</summary>
    Pwm,
}
