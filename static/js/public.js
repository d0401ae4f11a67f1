/* Public pages (办事指南, reached by QR code): the large-text switch, remembered in a cookie for the public pages. */
(function () {
  "use strict";
  document.querySelectorAll("[data-large-text]").forEach(function (button) {
    button.addEventListener("click", function () {
      var on = document.body.classList.toggle("large-text");
      document.cookie = "large_text=" + (on ? "1" : "0") + "; path=/p/; max-age=31536000; SameSite=Lax";
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  });
})();
