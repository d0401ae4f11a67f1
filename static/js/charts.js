/* Chart.js and the app's Chinese font. Loaded by base.html on every page, before the page's own scripts.

   Chart.js draws on a canvas with its own font list (Helvetica, Arial, sans-serif): on a device without a Chinese
   system font (kiosks, intranet Linux PCs) every label becomes a box. Here Chart.defaults.font.family starts with the
   bundled Noto Sans SC subset (the @font-face in css/app.css), set the moment Chart.js defines itself — before any
   page script creates a chart. A canvas does not redraw when a web font arrives, so once the font has loaded every
   chart is updated. Pages without charts never load Chart.js, and so never fetch the font on its account. */
(function () {
  "use strict";
  var BUNDLED = "Noto Sans SC Common";
  var FAMILY = '"' + BUNDLED + '", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", ' +
    '"Source Han Sans SC", sans-serif';
  var fontLoading = null;

  function redrawCharts() {
    var Chart = window.Chart;
    if (!Chart || !Chart.instances) { return; }
    Object.keys(Chart.instances).forEach(function (key) {
      var chart = Chart.instances[key];
      if (!chart || !chart.canvas) { return; }
      // Scales cache their labels' widths by font string, which did not change when the font arrived: measured with
      // the fallback font, the new (wider) glyphs would be cut off at the axis. Forget them, then lay out again.
      Object.keys(chart.scales || {}).forEach(function (id) { chart.scales[id]._longestTextCache = {}; });
      chart.update("none");
    });
  }

  function loadFont() {
    if (fontLoading || !document.fonts || !document.fonts.load) { return; }
    fontLoading = document.fonts.load('12px "' + BUNDLED + '"', "图表").then(redrawCharts, redrawCharts);
  }

  function configure(Chart) {
    if (!Chart || !Chart.defaults || !Chart.defaults.font) { return; }
    Chart.defaults.font.family = FAMILY;
    loadFont();
  }

  window.appChartFont = {family: FAMILY, configure: configure, redraw: redrawCharts};

  if (window.Chart) {
    configure(window.Chart);
    return;
  }
  // Chart.js's UMD build assigns globalThis.Chart: catch that assignment so the defaults are in place before the page
  // creates its first chart.
  var current;
  try {
    Object.defineProperty(window, "Chart", {
      configurable: true,
      enumerable: true,
      get: function () { return current; },
      set: function (value) { current = value; configure(value); }
    });
  } catch (e) {
    document.addEventListener("DOMContentLoaded", function () { configure(window.Chart); redrawCharts(); });
  }
})();
