/* Small behaviours any page may use, declared in the markup (the Content-Security-Policy allows no inline scripts or
   event handlers). Loaded by base.html on every page.
     <button data-print>                  prints the page
     <select data-autosubmit>             submits its form when changed
     <select data-sets="period">          copies its value into the form's field of that name, then submits
     <a href="…" data-history-back>       goes back one page (the href is where it goes without history)  */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) { return; }
    if (target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
      return;
    }
    var back = target.closest("[data-history-back]");
    if (back && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.form) { return; }
    var name = select.getAttribute("data-sets");
    if (name && select.form.elements[name]) {
      select.form.elements[name].value = select.value;
      select.form.submit();
    } else if (select.hasAttribute("data-autosubmit")) {
      select.form.submit();
    }
  });
})();
