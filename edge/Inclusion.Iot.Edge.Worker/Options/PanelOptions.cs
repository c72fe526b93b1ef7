namespace Inclusion.Iot.Edge.Worker.Options;

/// <summary>The <c>Panel</c> section: where the wall panel listens (loopback; the kiosk browser runs on the Pi).</summary>
public sealed class PanelOptions
{
    public const string SectionName = "Panel";

    public string Url { get; set; } = "http://127.0.0.1:8081";
}
