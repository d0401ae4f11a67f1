/* Evaluation pages: the "unsaved changes" hint and leave-page warning on the form, the live subtotals' trigger, and
   the charts (Chart.js, vendored). Scores are never computed here: the live subtotals come from the server (htmx
   POST to the preview endpoint when the form fires "recalculate"). */
(function () {
  "use strict";

  var form = document.getElementById("evaluation-form");
  if (form) {
    var note = document.getElementById("dirty-note");
    // Unsaved: changed since the page came (or came back with a refused save: data-unsaved). Leaving the page
    // then asks first; saving (a form submit) clears it, and the page that comes back is the saved one.
    var dirty = false;
    var setDirty = function (value) {
      dirty = value;
      if (note) { note.hidden = !value; }
    };
    // A changed field (not an evidence file: that is uploaded at once) marks the form unsaved and asks the server
    // for the subtotals: the form's hx-trigger is this "recalculate" event (an htmx event filter would need eval,
    // which the Content-Security-Policy refuses).
    var mark = function (event) {
      if (event.target && event.target.type === "file") { return; }
      setDirty(true);
      form.dispatchEvent(new CustomEvent("recalculate"));
    };
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () { setDirty(false); });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) { return undefined; }
      event.preventDefault();
      event.returnValue = "";  // older browsers need a value to ask; the text is the browser's own
      return "";
    });
    if (form.dataset.unsaved === "1") { setDirty(true); }
    // An evidence file input uploads on change (htmx); once answered, it is emptied for the next file.
    form.addEventListener("htmx:afterRequest", function (event) {
      var input = event.target;
      if (input && input.type === "file" && input.hasAttribute("data-clear-after-upload")) { input.value = ""; }
    });
  }

  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  if (typeof Chart === "undefined") { return; }

  // A bar chart, not animated, of series given as [label, values, colour] over the same labels.
  function barChart(canvas, labels, series, options) {
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: series.map(function (s) { return { label: s[0], data: s[1], backgroundColor: s[2] }; })
      },
      options: Object.assign({ responsive: true, animation: false }, options)
    });
  }

  var sections = data("section-chart-data");
  var sectionCanvas = document.getElementById("section-chart");
  if (sections && sectionCanvas && sections.labels.length) {
    barChart(sectionCanvas, sections.labels, [
      ["得分", sections.score, "rgba(183, 28, 28, 0.75)"],
      ["满分", sections.max, "rgba(120, 144, 156, 0.35)"]
    ], { scales: { y: { beginAtZero: true } } });
  }

  var county = data("county-chart-data");
  var countyCanvas = document.getElementById("county-chart");
  if (county && countyCanvas && county.labels.length) {
    countyCanvas.parentElement.style.height = Math.max(160, 28 * county.labels.length + 60) + "px";
    barChart(countyCanvas, county.labels, [
      ["考核分", county.inspection, "rgba(183, 28, 28, 0.75)"],
      ["自评分", county.self, "rgba(21, 101, 192, 0.45)"]
    ], {
      indexAxis: "y", maintainAspectRatio: false,
      scales: { x: { beginAtZero: true, suggestedMax: Math.max.apply(null, county.max.concat([100])) } }
    });
  }
})();
