/* Evaluation pages: the "unsaved changes" hint and leave-page warning on the form, and the charts (Chart.js, vendored).
   Scores are never computed here: the live subtotals come from the server (htmx POST to the preview endpoint). */
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
    var mark = function (event) {
      if (event.target && event.target.type === "file") { return; }  // evidence is uploaded at once
      setDirty(true);
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

  var sections = data("section-chart-data");
  var sectionCanvas = document.getElementById("section-chart");
  if (sections && sectionCanvas && sections.labels.length) {
    new Chart(sectionCanvas, {
      type: "bar",
      data: {
        labels: sections.labels,
        datasets: [
          { label: "得分", data: sections.score, backgroundColor: "rgba(183, 28, 28, 0.75)" },
          { label: "满分", data: sections.max, backgroundColor: "rgba(120, 144, 156, 0.35)" }
        ]
      },
      options: { responsive: true, animation: false, scales: { y: { beginAtZero: true } } }
    });
  }

  var county = data("county-chart-data");
  var countyCanvas = document.getElementById("county-chart");
  if (county && countyCanvas && county.labels.length) {
    countyCanvas.parentElement.style.height = Math.max(160, 28 * county.labels.length + 60) + "px";
    new Chart(countyCanvas, {
      type: "bar",
      data: {
        labels: county.labels,
        datasets: [
          { label: "考核分", data: county.inspection, backgroundColor: "rgba(183, 28, 28, 0.75)" },
          { label: "自评分", data: county.self, backgroundColor: "rgba(21, 101, 192, 0.45)" }
        ]
      },
      options: {
        indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { beginAtZero: true, suggestedMax: Math.max.apply(null, county.max.concat([100])) } }
      }
    });
  }
})();
