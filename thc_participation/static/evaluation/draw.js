// The agent's draw page: a confirmation dialog before each irreversible step, and the quotas
// checked as they are typed. Without JavaScript the server shows a confirmation page and
// refuses impossible quotas with the same reasons; this only says it sooner.
(function () {
  "use strict";
  var texts = document.getElementById("confirm-texts");
  var dialog = document.getElementById("confirm-dialog");
  if (!texts) { return; }

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_m, key) { return values[key]; });
  }

  // --- confirmations ---------------------------------------------------------------------
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.querySelector("input[name=confirmed]") || !dialog || !dialog.showModal) { return; }
      event.preventDefault();
      var kind = form.getAttribute("data-confirm");
      var submitter = event.submitter;
      document.getElementById("confirm-dialog-title").textContent = texts.getAttribute("data-" + kind + "-title");
      document.getElementById("confirm-dialog-text").textContent = texts.getAttribute("data-" + kind + "-text");
      var yes = dialog.querySelector("[data-dialog=yes]");
      yes.textContent = texts.getAttribute("data-" + kind + "-button");
      dialog.showModal();
      yes.focus();
      yes.onclick = function () {
        var input = document.createElement("input");
        input.type = "hidden"; input.name = "confirmed"; input.value = "1";
        form.appendChild(input);
        if (submitter && submitter.name) {
          var choice = document.createElement("input");
          choice.type = "hidden"; choice.name = submitter.name; choice.value = submitter.value;
          form.appendChild(choice);
        }
        dialog.close();
        form.submit();
      };
    });
  });
  if (dialog) {
    dialog.querySelector("[data-dialog=no]").addEventListener("click", function () { dialog.close(); });
  }

  // --- quotas as typed -------------------------------------------------------------------
  var settings = document.querySelector("form[data-quota-check]");
  if (!settings) { return; }
  var out = document.getElementById("quota-check");
  var panel = document.getElementById("panel_size");

  function number(input) {
    var text = input.value.trim();
    return /^[0-9]{1,6}$/.test(text) ? parseInt(text, 10) : null;
  }

  function check() {
    var problems = [];
    var size = panel ? number(panel) : null;
    settings.querySelectorAll("fieldset[data-category]").forEach(function (fieldset) {
      var category = fieldset.getAttribute("data-category");
      var sumMin = 0, sumMax = 0;
      fieldset.querySelectorAll("tr[data-value]").forEach(function (row) {
        var value = row.getAttribute("data-value");
        var low = row.querySelector("[data-quota=min]"), high = row.querySelector("[data-quota=max]");
        var lo = number(low), hi = number(high);
        [low, high].forEach(function (input) {
          input.setAttribute("aria-invalid", number(input) === null ? "true" : "false");
        });
        if (lo === null || hi === null) {
          problems.push(say(texts.getAttribute("data-digits"), {v: category + " = " + value}));
          return;
        }
        if (lo > hi) {
          low.setAttribute("aria-invalid", "true");
          problems.push(say(texts.getAttribute("data-minmax"), {v: category + " = " + value, lo: lo, hi: hi}));
        }
        sumMin += lo; sumMax += Math.min(hi, size === null ? hi : size);
      });
      if (size !== null && sumMin > size) {
        problems.push(say(texts.getAttribute("data-summin"), {c: category, s: sumMin, k: size}));
      }
      if (size !== null && sumMax < size) {
        problems.push(say(texts.getAttribute("data-summax"), {c: category, s: sumMax, k: size}));
      }
    });
    out.textContent = "";
    out.className = "quota-check " + (problems.length ? "quota-problems" : "quota-ok");
    if (!problems.length) { out.textContent = texts.getAttribute("data-ok"); return; }
    var list = document.createElement("ul");
    problems.forEach(function (text) {
      var item = document.createElement("li"); item.textContent = text; list.appendChild(item);
    });
    out.appendChild(list);
  }
  settings.addEventListener("input", check);
  check();
}());
