/* Starting an evaluation: show only the rubrics whose subjects include the chosen kind of subject (the server checks it
   again). The rubric -> subject kinds map comes from the page's json_script block "rubric-subjects". */
(function () {
  "use strict";
  var data = document.getElementById("rubric-subjects");
  var subject = document.getElementById("id_subject"), rubric = document.getElementById("id_rubric");
  if (!data || !subject || !rubric) { return; }
  var subjects = JSON.parse(data.textContent);
  function filter() {
    var kind = (subject.value || "").split(":")[0];
    Array.prototype.forEach.call(rubric.options, function (o) {
      var allowed = !o.value || !kind || (subjects[o.value] || []).indexOf(kind) >= 0;
      o.hidden = !allowed; o.disabled = !allowed;
      if (!allowed && o.selected) { rubric.value = ""; }
    });
  }
  subject.addEventListener("change", filter);
  filter();
})();
