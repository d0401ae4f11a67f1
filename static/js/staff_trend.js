/* The staff member's 12-month score chart (data from json_script "trend-data"); it fills its .chart-box, so it keeps
   a readable height on a phone instead of shrinking with the width. */
(function () {
  "use strict";
  var source = document.getElementById("trend-data");
  var canvas = document.getElementById("trend");
  if (!window.Chart || !canvas || !source) { return; }
  var data = JSON.parse(source.textContent);
  new window.Chart(canvas, {
    type: "line",
    data: {labels: data.labels, datasets: [{label: canvas.dataset.label || "得分", data: data.scores, borderColor: "#b71c1c",
      backgroundColor: "rgba(183,28,28,.1)", tension: 0.2, spanGaps: true, fill: true}]},
    options: {maintainAspectRatio: false, plugins: {legend: {display: false}},
      scales: {y: {suggestedMin: 80, suggestedMax: 110}}}
  });
})();
