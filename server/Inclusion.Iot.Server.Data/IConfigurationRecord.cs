namespace Inclusion.Iot.Server.Data;

/// <summary>A record that is part of an organisation's edge configuration snapshot: changing it bumps the version.</summary>
public interface IConfigurationRecord
{
    string OrganisationId { get; }
}
