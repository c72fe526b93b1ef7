using System.Text;

namespace Inclusion.Iot.Edge.Devices.Conventions;

/// <summary>
/// How our payloads and the panel's API write the room's enums: the value's name in snake_case (<c>EscortPresent</c> →
/// <c>escort_present</c>), or upper-cased for reason codes (<c>ESCORT_REQUIRED</c>). Renaming a value renames it on the wire:
/// the payload tests hold the names.
/// </summary>
public static class WireNames
{
    public static string Snake(Enum value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var name = value.ToString();
        var snake = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) snake.Append('_');
            snake.Append(char.ToLowerInvariant(name[i]));
        }

        return snake.ToString();
    }

    public static string UpperSnake(Enum value) => Snake(value).ToUpperInvariant();
}
