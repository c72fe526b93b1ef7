namespace Inclusion.Iot.Server.Data;

public enum TimerStyle
{
    Ring = 1,
    Digits = 2,
    Colours = 3,
}
