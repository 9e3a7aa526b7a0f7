// kmsdoctor dashboard: draws each <figure class="chart"> with the vendored
// uPlot (vendor/uplot) from the JSON block the server put in it, then
// folds the table of the same numbers away (it stays open when this
// script does not run). Times are in the browser's time zone, which is
// the viewer's; the legend shows the time a day was counted with its
// offset.
(function () {
  "use strict";
  if (typeof uPlot === "undefined") { return; }
  var lang = document.documentElement.lang || "en";
  var palette = {
    licensed: "#2e7d32", notification: "#c62828", unlicensed: "#6a1b9a", oob_grace: "#ef6c00",
    oot_grace: "#f9a825", extended_grace: "#00838f", nongenuine_grace: "#ad1457", unknown: "#757575",
    problem: "#c62828", problem_reports: "#1565c0", threshold_clients: "#c62828", threshold_servers: "#ef6c00"
  };
  var hostColours = ["#1565c0", "#2e7d32", "#6a1b9a", "#00838f", "#ef6c00", "#5d4037", "#ad1457", "#283593", "#558b2f", "#4e342e"];
  var when, dayOf;
  try {
    when = new Intl.DateTimeFormat(lang, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", timeZoneName: "shortOffset" });
  } catch (e) {
    when = new Intl.DateTimeFormat(lang, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  }
  // whole numbers on the y axis: these are counts of machines
  var counts = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 25000, 50000, 100000, 200000, 250000, 500000, 1000000];
  dayOf = new Intl.DateTimeFormat(lang, { month: "numeric", day: "numeric" });

  function draw(fig) {
    var block = fig.querySelector("script.chart-data");
    var plot = fig.querySelector(".plot");
    if (!block || !plot) { return; }
    var c = JSON.parse(block.textContent);
    var data = [c.x];
    var series = [{ label: c.x_label, value: function (u, v) { return v == null ? "" : when.format(new Date(v * 1000)); } }];
    var h = 0;
    c.series.forEach(function (s) {
      data.push(s.values);
      var colour = s.key === "host" ? hostColours[h++ % hostColours.length] : (palette[s.key] || "#424242");
      var opts = { label: s.label, stroke: colour, width: s.dash ? 1.5 : 2, spanGaps: false };
      if (s.dash) { opts.dash = [6, 4]; opts.points = { show: false }; }
      series.push(opts);
    });
    var width = Math.max(320, Math.min(plot.clientWidth || fig.clientWidth || 720, 1000));
    var u = new uPlot({
      width: width,
      height: 260,
      series: series,
      scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(max || 0, 1) * 1.1]; } } },
      axes: [
        { values: function (u, ticks) { return ticks.map(function (t) { return dayOf.format(new Date(t * 1000)); }); } },
        { label: c.y, size: 60, incrs: counts }
      ]
    }, data, plot);
    fig.dataset.points = String(c.x.length);
    fig.dataset.series = String(c.series.length);
    fig.classList.add("drawn");
    var table = fig.querySelector("details.chart-table");
    if (table) { table.open = false; }
    window.addEventListener("resize", function () {
      var w = Math.max(320, Math.min(plot.clientWidth || fig.clientWidth, 1000));
      if (w !== u.width) { u.setSize({ width: w, height: 260 }); }
    });
  }
  document.querySelectorAll("figure.chart[data-chart]").forEach(draw);
})();
