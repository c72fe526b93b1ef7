namespace Inclusion.Iot.Edge.Worker.Panel;

/// <summary>The alert in force as the panel shows it: its code, the text in the user's language, since when.</summary>
public sealed record PanelAlert(string Kind, string Message, DateTimeOffset Since);
