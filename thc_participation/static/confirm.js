// The one confirmation before an irreversible or collective action: a form (or its submit
// button) with data-confirm-title/-text/-button opens the page's dialog; "yes" sends the form
// with confirmed=1 (and the button's name=value). Without JavaScript, or without <dialog>,
// the form goes as it is and the server answers its confirmation page.
(function () {
  "use strict";
  var dialog = document.getElementById("confirm-dialog");
  if (!dialog || !dialog.showModal) { return; }
  var title = document.getElementById("confirm-dialog-title");
  var text = document.getElementById("confirm-dialog-text");
  var yes = dialog.querySelector("[data-dialog=yes]");
  var pending = null;

  function asking(form, submitter) {
    if (submitter && submitter.hasAttribute("data-confirm-title")) { return submitter; }
    if (submitter && submitter.hasAttribute("data-no-confirm")) { return null; }
    return form.hasAttribute("data-confirm-title") ? form : null;
  }

  function hidden(form, name, value) {
    var input = document.createElement("input");
    input.type = "hidden"; input.name = name; input.value = value;
    form.appendChild(input);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var source = asking(form, submitter);
    if (!source || form.querySelector("input[name=confirmed]")) { return; }
    if (!form.checkValidity()) { return; }
    event.preventDefault();
    title.textContent = source.getAttribute("data-confirm-title");
    text.textContent = source.getAttribute("data-confirm-text");
    yes.textContent = source.getAttribute("data-confirm-button");
    pending = {form: form, submitter: submitter};
    dialog.showModal();
    yes.focus();
  });

  yes.addEventListener("click", function () {
    if (!pending) { return; }
    var form = pending.form, submitter = pending.submitter;
    hidden(form, "confirmed", "1");
    if (submitter && submitter.name) { hidden(form, submitter.name, submitter.value); }
    pending = null;
    dialog.close();
    form.submit();
  });
  dialog.querySelector("[data-dialog=no]").addEventListener("click", function () {
    pending = null;
    dialog.close();
  });
  dialog.addEventListener("close", function () { pending = null; });
}());
