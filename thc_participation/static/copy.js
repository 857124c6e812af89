// Copy buttons: <button data-copy="ID" data-copied="..." data-select="..." hidden> copies the
// value of the field ID to the clipboard and says so in #ID-etat; where the clipboard is refused
// (no HTTPS, an old browser), the field's text is selected for Ctrl+C. Without JavaScript the
// button stays hidden and the read-only field can be selected by hand.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy") + "-etat");
    if (!field) { return; }
    button.hidden = false;
    function say(text) { if (status) { status.textContent = text; } }
    function select() {
      field.focus();
      field.select();
      say(button.getAttribute("data-select"));
    }
    button.addEventListener("click", function () {
      if (!navigator.clipboard || !window.isSecureContext) { select(); return; }
      navigator.clipboard.writeText(field.value).then(function () {
        say(button.getAttribute("data-copied"));
      }, select);
    });
  });
}());
