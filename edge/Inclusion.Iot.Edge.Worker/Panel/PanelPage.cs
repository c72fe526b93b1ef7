using System.Globalization;
using Inclusion.Iot.Edge.Domain.Localisation;
using Microsoft.Extensions.Localization;

namespace Inclusion.Iot.Edge.Worker.Panel;

/// <summary>
/// The wall panel page: server-rendered, no external assets, a little inline script that polls
/// <c>/api/state</c> every second. Element ids (<c>#state</c>, <c>#escort</c>, <c>#pupils</c>, <c>#timer</c>,
/// <c>#phase</c>, <c>#kind</c>, <c>#refusal</c>, <c>#start-individual</c>, <c>#start-group</c>, <c>#start-unloading</c>,
/// <c>#start-open-use</c>, <c>#add-pupil-select</c>, <c>#add-pupil</c>, <c>#extend-session</c>, <c>#end-session</c>,
/// <c>#abort-session</c>) are stable for tests. The start buttons show while an escort waits at the door; add pupil, extend,
/// end and abort while a session runs.
/// </summary>
public static class PanelPage
{
    public static string Render(IStringLocalizer<SharedResource> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lang = EdgeCultures.CurrentLanguage;
        string T(string key) => PanelEndpoints.Html(text[key]);
        return $$"""
            <!DOCTYPE html>
            <html lang="{{lang}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{T("PanelTitle")}}</title>
            <style>
              body { font-family: sans-serif; background: #1d2330; color: #f2efe6; margin: 0; padding: 2rem; }
              h1 { font-weight: normal; margin-top: 0; }
              dl { display: grid; grid-template-columns: max-content 1fr; gap: .6rem 1.5rem; font-size: 1.6rem; }
              dt { opacity: .7; }
              #timer { font-size: 3rem; font-variant-numeric: tabular-nums; }
              #error { color: #ffb4a8; font-size: 1.3rem; }
              #refusal, #devices { color: #ffcf8a; min-height: 1.5em; font-size: 1.3rem; }
              button { font-size: 1.6rem; padding: .8rem 2rem; margin: 0 .6rem .6rem 0; border-radius: .6rem; border: 0; background: #9fc3ff; color: #1d2330; }
              #end-session { background: #d9825b; }
              #abort-session { background: #c9b8a8; }
              button[disabled] { opacity: .3; }
              nav a { color: #9fc3ff; margin-right: 1rem; }
              #offline { color: #ff9d9d; }
              #alert { background: #ffcf8a; color: #1d2330; padding: .8rem 1.2rem; border-radius: .6rem; font-size: 1.6rem; }
            </style>
            </head>
            <body>
            <nav aria-label="{{T("Language")}}"><a href="?culture=en">English</a><a href="?culture=uk">Українська</a><a href="?culture=ru">Русский</a></nav>
            <h1><span id="room"></span></h1>
            <dl>
              <dt>{{T("State")}}</dt><dd id="state"></dd>
              <dt>{{T("Session")}}</dt><dd id="kind"></dd>
              <dt>{{T("Escort")}}</dt><dd id="escort"></dd>
              <dt>{{T("Pupils")}}</dt><dd id="pupils"></dd>
              <dt>{{T("Timer")}}</dt><dd><span id="timer"></span> <span id="phase"></span></dd>
            </dl>
            <p id="alert" role="alert" hidden></p>
            <p id="waiting" hidden></p>
            <p id="fire-line" hidden><span>{{T("FireLatched")}}</span> <button id="reset-fire-alarm" type="button">{{T("ResetFireAlarm")}}</button></p>
            <form id="override-line" hidden><span id="override-offer"></span>
              <input id="override-reason" type="text" aria-label="{{T("OverrideReason")}}" placeholder="{{T("OverrideReason")}}">
              <button id="override" type="submit">{{T("Override")}}</button></form>
            <p id="occupancy"></p>
            <p id="devices-line" hidden><strong>{{T("DevicesWithProblems")}}:</strong> <span id="devices"></span></p>
            <p id="refusal-line" hidden><strong>{{T("LastRefusal")}}:</strong> <span id="refusal"></span></p>
            <p id="start-line" hidden>
              <button id="start-individual" type="button" data-kind="individual">{{T("StartIndividual")}}</button>
              <button id="start-group" type="button" data-kind="group">{{T("StartGroup")}}</button>
              <button id="start-unloading" type="button" data-kind="unloading">{{T("StartUnloading")}}</button>
              <button id="start-open-use" type="button" data-kind="open_use">{{T("StartOpenUse")}}</button>
            </p>
            <form id="add-pupil-line" hidden><label for="add-pupil-select">{{T("AddPupilLabel")}}</label>
              <select id="add-pupil-select"></select> <button id="add-pupil" type="submit">{{T("AddPupil")}}</button></form>
            <p>
              <button id="extend-session" type="button" disabled></button>
              <button id="end-session" type="button" disabled>{{T("EndSession")}}</button>
              <button id="abort-session" type="button" disabled>{{T("AbortSession")}}</button>
            </p>
            <p id="error" role="alert" hidden></p>
            <p id="offline" hidden>{{T("Offline")}}</p>
            <script>
            (function () {
              var texts = { occupied: "{{Js(text["Occupied"])}}", notOccupied: "{{Js(text["NotOccupied"])}}", extend: "{{Js(text["ExtendSession"])}}" };
              var query = window.location.search;
              function set(id, value) { document.getElementById(id).textContent = value == null ? "" : value; }
              function clock(s) {
                if (s == null) return "";
                var sign = s < 0 ? "+" : ""; s = Math.abs(s);
                var m = Math.floor(s / 60), r = s % 60;
                return sign + m + ":" + (r < 10 ? "0" : "") + r;
              }
              function render(st) {
                set("room", st.roomName);
                var stateEl = document.getElementById("state");
                stateEl.textContent = st.stateText; stateEl.dataset.state = st.state;
                set("kind", st.sessionKindText);
                set("escort", st.escorts.join(", "));
                set("pupils", st.pupilDetails.map(function (p) { return p.text; }).join(", "));
                set("timer", clock(st.remainingSeconds));
                set("phase", st.phaseText);
                set("occupancy", st.occupied == null ? "" : (st.occupied ? texts.occupied : texts.notOccupied));
                set("refusal", st.lastRefusal ? st.lastRefusal.message : "");
                document.getElementById("refusal-line").hidden = !st.lastRefusal;
                set("devices", st.devicesWithProblems.map(function (d) { return d.name + " (" + d.statusText + ")"; }).join(", "));
                document.getElementById("devices-line").hidden = st.devicesWithProblems.length === 0;
                var running = st.state === "session";
                ["extend-session", "end-session", "abort-session"].forEach(function (id) { document.getElementById(id).disabled = !running; });
                set("extend-session", texts.extend.replace("{0}", st.extendMinutes));
                document.getElementById("extend-session").dataset.minutes = st.extendMinutes;
                document.getElementById("start-line").hidden = st.state !== "escort_present";
                set("alert", st.alert ? st.alert.message : ""); document.getElementById("alert").hidden = !st.alert;
                set("waiting", st.waiting); document.getElementById("waiting").hidden = !st.waiting;
                document.getElementById("fire-line").hidden = !st.fireLatched;
                set("override-offer", st.override ? st.override.message : ""); document.getElementById("override-line").hidden = !st.override;
                document.getElementById("add-pupil-line").hidden = !running;
                if (running && !pupilsLoaded) loadPupils();
              }
              var pupilsLoaded = false;
              function loadPupils() {
                pupilsLoaded = true;
                fetch("/api/pupils", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (list) {
                  var select = document.getElementById("add-pupil-select");
                  select.textContent = "";
                  list.forEach(function (p) { var o = document.createElement("option"); o.value = p.pupilId; o.textContent = p.name; select.appendChild(o); });
                }, function () { pupilsLoaded = false; });
              }
              function poll() {
                fetch("/api/state" + query, { cache: "no-store" })
                  .then(function (r) { return r.json(); })
                  .then(function (st) { document.getElementById("offline").hidden = true; render(st); })
                  .catch(function () { document.getElementById("offline").hidden = false; });
              }
              function act(path) {
                fetch(path + (path.indexOf("?") < 0 ? query : query.replace("?", "&")), { method: "POST" })
                  .then(function (r) {
                    var error = document.getElementById("error");
                    if (r.ok) { error.hidden = true; return null; }
                    return r.json().then(function (b) { error.textContent = b.message; error.hidden = false; });
                  })
                  .then(poll, poll);
              }
              ["start-individual", "start-group", "start-unloading", "start-open-use"].forEach(function (id) {
                var button = document.getElementById(id);
                button.addEventListener("click", function () { act("/api/session/start?kind=" + button.dataset.kind); });
              });
              document.getElementById("extend-session").addEventListener("click", function () { act("/api/session/extend"); });
              document.getElementById("end-session").addEventListener("click", function () { act("/api/session/end"); });
              document.getElementById("abort-session").addEventListener("click", function () { act("/api/session/abort"); });
              document.getElementById("reset-fire-alarm").addEventListener("click", function () { act("/api/fire-alarm/reset"); });
              document.getElementById("add-pupil-line").addEventListener("submit", function (e) {
                e.preventDefault();
                act("/api/session/add-pupil?pupilId=" + encodeURIComponent(document.getElementById("add-pupil-select").value));
              });
              document.getElementById("override-line").addEventListener("submit", function (e) {
                e.preventDefault();
                act("/api/override?reason=" + encodeURIComponent(document.getElementById("override-reason").value));
              });
              poll();
              setInterval(poll, 1000);
            })();
            </script>
            </body>
            </html>
            """;
    }

    private static string Js(string value) =>
        System.Text.Encodings.Web.JavaScriptEncoder.Default.Encode(value);
}
