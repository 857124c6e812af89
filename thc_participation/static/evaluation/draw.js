// The agent's draw page: the quotas checked as they are typed (the confirmations before the
// irreversible steps are the shared static/confirm.js). Without JavaScript the server refuses
// impossible quotas with the same reasons; this only says it sooner.
(function () {
  "use strict";
  var texts = document.getElementById("quota-texts");
  if (!texts) { return; }

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_m, key) { return values[key]; });
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
