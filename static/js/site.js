/* Behaviour every page shares; no inline script anywhere (a Content-Security-Policy without 'unsafe-inline' applies).

   * form[data-autosubmit]: a GET form (period and year switchers) that submits when one of its selects changes. The
     form keeps its own submit button, so it works without script too.
   * tables in .table-responsive (or marked data-stack) become one card per row on phones (css/app.css): each cell
     gets its column heading as data-label (under a grouped heading of two rows: 「group · column」). Without script
     such a table scrolls sideways as before.
   * a[data-download], form[data-download]: a download that may take a while (PDF, Excel). The button is disabled and
     shows a spinner and "正在生成…" until the file has arrived, then it is restored; an error is shown beside it.
     Without script (or fetch) the plain link or form still downloads the file. A page answered instead of a file
     (an export too big for a request, made by a background job) is shown. Texts come from data-* attributes on
     <body>, so they stay translatable.
   * [data-print]: prints the page.
   * a[data-history-back]: goes back one page (its href is where it goes without history).
   * form[data-confirm], or a submit button's data-confirm (it wins over its form's): asks the question first; the
     form is not sent unless the user says yes. For a one-tap action that cannot be undone (定稿, 删除 …). The text is
     in the template, so it stays translatable. (An htmx request asks with hx-confirm.) */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var target = event.target;
    var form = target && target.form;
    if (form && form.hasAttribute("data-autosubmit") && target.tagName === "SELECT") {
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }
  });

  // Capture phase on the document: runs before any other submit handler (data-download below, htmx on the form).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.getAttribute) { return; }
    var submitter = event.submitter;
    var question = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) { return; }
    if (target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
      return;
    }
    var back = target.closest("a[data-history-back]");
    if (back && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });

  // The heading of each column of a table's head, read as the browser lays it out: a cell spanning rows (rowspan)
  // stands over every row below it, a cell spanning columns (colspan) over each of them. A column under a group
  // heading (two header rows: 「好差评」 over 「评价」「差评属实」「好评率」) is labelled with both, 「好差评 · 评价」;
  // a heading cell's data-stack-label, when it has one, is used instead of its text (a long group name made short).
  function columnLabels(table) {
    var rows = table.tHead ? table.tHead.rows : [];
    var grid = [];  // grid[row][column]: the heading cell covering that place
    Array.prototype.forEach.call(rows, function (row, r) {
      grid[r] = grid[r] || [];
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        while (grid[r][column]) { column += 1; }  // taken by a cell of a row above (rowspan)
        var span = cell.colSpan || 1, down = Math.max(cell.rowSpan || 1, 1);
        for (var dr = 0; dr < down && r + dr < rows.length; dr += 1) {
          grid[r + dr] = grid[r + dr] || [];
          for (var dc = 0; dc < span; dc += 1) { grid[r + dr][column + dc] = cell; }
        }
        column += span;
      });
    });
    var width = grid.reduce(function (most, row) { return Math.max(most, row.length); }, 0);
    var labels = [];
    for (var c = 0; c < width; c += 1) {
      var parts = [];
      grid.forEach(function (row) {
        var cell = row[c];
        if (!cell) { return; }
        var text = (cell.getAttribute("data-stack-label") || cell.textContent).replace(/\s+/g, " ").trim();
        if (text && parts.indexOf(text) === -1) { parts.push(text); }  // a cell over two rows is named once
      });
      labels.push(parts.join(" · "));
    }
    return labels;
  }

  function stackTables() {
    var tables = document.querySelectorAll(".table-responsive > table, table[data-stack]");
    Array.prototype.forEach.call(tables, function (table) {
      if (table.hasAttribute("data-no-stack") || table.classList.contains("table-stack")) { return; }
      var labels = columnLabels(table);
      Array.prototype.forEach.call(table.tBodies, function (tbody) {
        Array.prototype.forEach.call(tbody.rows, function (row) {
          var column = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            var label = labels[column];
            if (label && (cell.colSpan || 1) === 1 && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", label); }
            column += cell.colSpan || 1;
          });
        });
      });
      table.classList.add("table-stack");
    });
  }
  stackTables();
  document.addEventListener("htmx:afterSettle", stackTables);

  var body = document.body;
  var text = function (name, fallback) { return (body && body.getAttribute(name)) || fallback; };

  function filenameOf(header) {
    if (!header) { return ""; }
    var star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
    if (star) {
      try { return decodeURIComponent(star[2].trim().replace(/^"|"$/g, "")); } catch (e) { /* fall through */ }
    }
    var plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
    return plain ? plain[1].trim() : "";
  }

  function busy(button) {
    var state = {
      html: button.innerHTML, disabled: button.disabled, tabindex: button.getAttribute("tabindex"),
      width: button.style.minWidth,
    };
    button.style.minWidth = button.offsetWidth + "px";
    button.classList.add("disabled");
    button.setAttribute("aria-disabled", "true");
    button.setAttribute("aria-busy", "true");
    button.setAttribute("tabindex", "-1");
    if (button.tagName === "BUTTON") { button.disabled = true; }
    button.textContent = "";
    var spinner = document.createElement("span");
    spinner.className = "spinner-border spinner-border-sm me-1";
    spinner.setAttribute("aria-hidden", "true");
    button.appendChild(spinner);
    button.appendChild(document.createTextNode(text("data-busy-text", "正在生成…")));
    return function restore() {
      button.innerHTML = state.html;
      button.style.minWidth = state.width;
      button.classList.remove("disabled");
      button.removeAttribute("aria-disabled");
      button.removeAttribute("aria-busy");
      if (state.tabindex === null) { button.removeAttribute("tabindex"); } else { button.setAttribute("tabindex", state.tabindex); }
      if (button.tagName === "BUTTON") { button.disabled = state.disabled; }
    };
  }

  function showError(button, message) {
    var next = button.nextElementSibling;
    if (!next || !next.classList.contains("download-error")) {
      next = document.createElement("span");
      next.className = "download-error text-danger small ms-1";
      next.setAttribute("role", "alert");
      button.insertAdjacentElement("afterend", next);
    }
    next.textContent = message;
  }

  function clearError(button) {
    var next = button.nextElementSibling;
    if (next && next.classList.contains("download-error")) { next.remove(); }
  }

  function download(url, button) {
    if (button.getAttribute("aria-busy") === "true") { return; }
    clearError(button);
    var restore = busy(button);
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "download" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        var disposition = response.headers.get("Content-Disposition") || "";
        if (!/attachment/i.test(disposition) && /text\/html/i.test(response.headers.get("Content-Type") || "")) {
          // Too big to make now: the server answered with a page that starts a background job. Show it.
          window.location.assign(response.url);
          return;
        }
        var name = filenameOf(response.headers.get("Content-Disposition")) || url.split("?")[0].split("/").pop();
        return response.blob().then(function (blob) {
          var href = URL.createObjectURL(blob);
          var a = document.createElement("a");
          a.href = href;
          a.download = name;
          a.hidden = true;
          document.body.appendChild(a);
          a.click();
          a.remove();
          window.setTimeout(function () { URL.revokeObjectURL(href); }, 60000);
        });
      })
      .then(restore, function () {
        restore();
        showError(button, text("data-download-error", "文件生成失败，请稍后重试"));
      });
  }

  var canFetch = !!(window.fetch && window.URL && URL.createObjectURL && window.Blob);

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-download]");
    if (!link || !canFetch || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey) { return; }
    event.preventDefault();
    download(link.href, link);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-download") || !canFetch || event.defaultPrevented) { return; }
    if ((form.method || "get").toLowerCase() !== "get") { return; }
    event.preventDefault();
    var url = new URL(form.action || window.location.href, window.location.href);
    url.search = new URLSearchParams(new FormData(form)).toString();
    var button = event.submitter || form.querySelector("[type=submit]") || form;
    download(url.toString(), button);
  });
})();
