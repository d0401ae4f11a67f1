/* A staff member's page: the 12-month score trend (Chart.js, vendored), from the json_script block "trend-data". */
(function () {
  "use strict";
  var source = document.getElementById("trend-data");
  var canvas = document.getElementById("trend");
  if (!window.Chart || !canvas || !source) { return; }
  var data = JSON.parse(source.textContent);
  new window.Chart(canvas, {
    type: "line",
    data: {labels: data.labels, datasets: [{label: canvas.getAttribute("data-label") || "", data: data.scores,
      borderColor: "#b71c1c", backgroundColor: "rgba(183,28,28,.1)", tension: 0.2, spanGaps: true, fill: true}]},
    options: {plugins: {legend: {display: false}},
      scales: {y: {suggestedMin: 80, suggestedMax: 110}}}
  });
})();
