using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Inclusion.Iot.Edge.Worker.Panel;

/// <summary>
/// The wall panel page: server-rendered, no external assets, a little inline script that polls
/// <c>/api/state</c> every second. Element ids (<c>#state</c>, <c>#escort</c>, <c>#pupils</c>, <c>#timer</c>,
/// <c>#phase</c>, <c>#refusal</c>, <c>#end-session</c>) are stable for tests.
/// </summary>
public static class PanelPage
{
    public static string Render(IStringLocalizer<SharedResource> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
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
              #end-session { font-size: 1.6rem; padding: .8rem 2rem; border-radius: .6rem; border: 0; background: #d9825b; color: #1d2330; }
              #end-session[disabled] { opacity: .3; }
              nav a { color: #9fc3ff; margin-right: 1rem; }
              #offline { color: #ff9d9d; }
            </style>
            </head>
            <body>
            <nav aria-label="{{T("Language")}}"><a href="?culture=en">English</a><a href="?culture=uk">Українська</a><a href="?culture=ru">Русский</a></nav>
            <h1><span id="room"></span></h1>
            <dl>
              <dt>{{T("State")}}</dt><dd id="state"></dd>
              <dt>{{T("Escort")}}</dt><dd id="escort"></dd>
              <dt>{{T("Pupils")}}</dt><dd id="pupils"></dd>
              <dt>{{T("Timer")}}</dt><dd><span id="timer"></span> <span id="phase"></span></dd>
            </dl>
            <p id="occupancy"></p>
            <p id="devices-line" hidden><strong>{{T("DevicesWithProblems")}}:</strong> <span id="devices"></span></p>
            <p id="refusal-line" hidden><strong>{{T("LastRefusal")}}:</strong> <span id="refusal"></span></p>
            <button id="end-session" type="button" disabled>{{T("EndSession")}}</button>
            <p id="error" role="alert" hidden></p>
            <p id="offline" hidden>{{T("Offline")}}</p>
            <script>
            (function () {
              var texts = { occupied: "{{Js(text["Occupied"])}}", notOccupied: "{{Js(text["NotOccupied"])}}" };
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
                set("escort", st.escort);
                set("pupils", st.pupils.join(", "));
                set("timer", clock(st.remainingSeconds));
                set("phase", st.phaseText);
                set("occupancy", st.occupied == null ? "" : (st.occupied ? texts.occupied : texts.notOccupied));
                set("refusal", st.lastRefusal ? st.lastRefusal.message : "");
                document.getElementById("refusal-line").hidden = !st.lastRefusal;
                set("devices", st.devicesWithProblems.map(function (d) { return d.name + " (" + d.statusText + ")"; }).join(", "));
                document.getElementById("devices-line").hidden = st.devicesWithProblems.length === 0;
                document.getElementById("end-session").disabled = st.state !== "session";
              }
              function poll() {
                fetch("/api/state" + query, { cache: "no-store" })
                  .then(function (r) { return r.json(); })
                  .then(function (st) { document.getElementById("offline").hidden = true; render(st); })
                  .catch(function () { document.getElementById("offline").hidden = false; });
              }
              document.getElementById("end-session").addEventListener("click", function () {
                fetch("/api/session/end" + query, { method: "POST" })
                  .then(function (r) {
                    var error = document.getElementById("error");
                    if (r.status !== 503) { error.hidden = true; return null; }
                    return r.json().then(function (b) { error.textContent = b.message; error.hidden = false; });
                  })
                  .then(poll, poll);
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
