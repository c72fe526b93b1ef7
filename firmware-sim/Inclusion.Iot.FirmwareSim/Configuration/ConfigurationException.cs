namespace Inclusion.Iot.FirmwareSim.Configuration;

/// <summary>A bad command line or input file. The message names the file and key; the process exits with code 2.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
