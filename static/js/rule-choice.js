// Recording a staff event, step one: choosing a rule moves straight on to step two (the form for that rule).
// Progressive enhancement only: without script the "下一步" button does the same.
(function () {
  "use strict";
  document.querySelectorAll("form[data-rule-choice] select[name=rule]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.value) {
        select.form.submit();
      }
    });
  });
})();
