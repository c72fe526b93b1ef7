using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inclusion.Iot.Edge.Worker.Panel;

/// <summary><c>GET /health</c>.</summary>
public sealed record PanelHealth(string Status, bool MqttConnected, long ConfigurationVersion);

/// <summary>One entry of <c>GET /api/pupils</c>: the pseudonymous id and the panel name only.</summary>
public sealed record PanelPupilChoice(string PupilId, string Name);

/// <summary>A panel action that happened (200).</summary>
public sealed record PanelActionDone(bool Done, string? SessionId);

/// <summary>A panel action the room refused (409): the contract's reason code, the rule, and the text in the user's language.</summary>
public sealed record PanelActionRefused(bool Done, string Reason, string? RuleId, string Message);

/// <summary>A panel action that was not taken (400: a bad request; 503: it could not be recorded).</summary>
public sealed record PanelActionFailed(bool Done, string Message);

/// <summary>
/// Every JSON body the panel answers with, generated at build time (the NativeAOT edge has no reflection-based
/// serializer; an anonymous type would fail there at run time without a build warning). ASP.NET Core's own settings:
/// the web defaults (camelCase, nulls written, dictionary keys as they are).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PanelState))]
[JsonSerializable(typeof(PanelHealth))]
[JsonSerializable(typeof(IEnumerable<PanelPupilChoice>))]
[JsonSerializable(typeof(PanelActionDone))]
[JsonSerializable(typeof(PanelActionRefused))]
[JsonSerializable(typeof(PanelActionFailed))]
public sealed partial class PanelJson : JsonSerializerContext;
