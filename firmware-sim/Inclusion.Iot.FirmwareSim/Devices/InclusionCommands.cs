using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Inclusion.Iot.Edge.Devices.Conventions;

namespace Inclusion.Iot.FirmwareSim.Devices;

/// <summary>Reading a command to one of our ESP devices: JSON, an object, our schema version; the device checks the rest.</summary>
internal static class InclusionCommands
{
    public static bool TryRead<T>(string payload, Func<T, int> schemaVersion, [NotNullWhen(true)] out T? command, out string problem)
        where T : class
    {
        command = null;
        problem = string.Empty;
        try
        {
            command = JsonSerializer.Deserialize<T>(payload, Payloads.Json);
        }
        catch (JsonException e)
        {
            problem = e.Message;
            return false;
        }

        if (command is null)
        {
            problem = "(root) " + Messages.MustBeObject;
            return false;
        }

        if (schemaVersion(command) != Payloads.SchemaVersion)
        {
            problem = "schema_version " + Messages.UnsupportedSchemaVersion(schemaVersion(command));
            command = null;
            return false;
        }

        return true;
    }
}
