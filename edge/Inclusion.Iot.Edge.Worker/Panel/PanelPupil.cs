namespace Inclusion.Iot.Edge.Worker.Panel;

/// <summary>
/// A pupil in the running session as the panel lists them: the name, and the text with their standing in the week (R-WEEK,
/// "3 of 4 this week") and their adaptation cap (R-ADAPT), already in the request's language.
/// </summary>
public sealed record PanelPupil(string Name, string Text, int? WeekCount, int? WeekLimit, int? CapMinutes);
