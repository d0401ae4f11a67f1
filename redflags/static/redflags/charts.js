/* Charts of the red-flag pages (Chart.js, served locally). Data comes from json_script blocks in the page. */
(function () {
  "use strict";
  if (!window.Chart) return;
  var RED = "#b71c1c", GREY = "#9e9e9e", BLUE = "#1565c0";
  var PALETTE = ["#b71c1c", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#c2185b",
                 "#455a64", "#827717", "#283593", "#4e342e"];

  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  var rank = data("rank-data"), canvas = document.getElementById("rank-chart");
  if (rank && canvas) {
    var low = Math.floor(Math.min.apply(null, rank.scores.concat([100])) - 5);
    var high = Math.ceil(Math.max.apply(null, rank.scores.concat([100])) + 1);
    new Chart(canvas, {
      type: "bar",
      data: {labels: rank.labels, datasets: [{label: "总分", data: rank.scores,
        backgroundColor: rank.scores.map(function (_, i) { return rank.red[i] ? RED : (rank.last[i] ? GREY : BLUE); })}]},
      options: {indexAxis: "y", maintainAspectRatio: false, plugins: {legend: {display: false}},
        scales: {x: {beginAtZero: false, min: low, max: high}}}
    });
  }

  var year = data("year-data"), yearCanvas = document.getElementById("year-chart");
  if (year && yearCanvas) {
    new Chart(yearCanvas, {
      type: "line",
      data: {labels: year.months, datasets: year.series.map(function (s, i) {
        var colour = PALETTE[i % PALETTE.length];
        return {label: s.label, data: s.ranks, borderColor: colour, backgroundColor: colour, spanGaps: true, tension: 0.1};
      })},
      options: {maintainAspectRatio: false, scales: {y: {reverse: true, ticks: {precision: 0}, title: {display: true, text: "名次"}}}}
    });
  }

  var win = data("window-data"), winCanvas = document.getElementById("window-chart");
  if (win && winCanvas) {
    new Chart(winCanvas, {
      type: "line",
      data: {labels: win.months, datasets: [
        {label: "总分", data: win.scores, borderColor: RED, backgroundColor: RED, yAxisID: "y", spanGaps: true},
        {label: "名次", data: win.ranks, borderColor: BLUE, backgroundColor: BLUE, yAxisID: "rank", spanGaps: true, borderDash: [4, 4]}
      ]},
      options: {maintainAspectRatio: false, scales: {
        y: {position: "left", suggestedMin: 80, suggestedMax: 105, title: {display: true, text: "总分"}},
        rank: {position: "right", reverse: true, ticks: {precision: 0}, grid: {drawOnChartArea: false}, title: {display: true, text: "名次"}}
      }}
    });
  }
})();
