// Conditional questions on the form pages (progressive enhancement; the
// pages work without this file, showing every question with a hint when it
// applies). A question wrapped in [data-show-if] is hidden — with the
// hidden attribute, so also from assistive technology — while one of its
// terms fails: the inputs named by the term hold none of its values (or,
// negated, one of them). Inputs inside a hidden question count as
// unanswered, as on the server, which decides again on every save.
"use strict";
(function () {
  var form = document.querySelector("form.amtsweg-form");
  if (!form) {
    return;
  }
  var blocks = Array.prototype.map.call(form.querySelectorAll("[data-show-if]"), function (el) {
    var cond = null;
    try {
      cond = JSON.parse(el.getAttribute("data-show-if"));
    } catch (e) {
      cond = null;
    }
    return { el: el, cond: cond };
  }).filter(function (b) { return b.cond && b.cond.terms; });
  if (!blocks.length) {
    return;
  }

  // values lists what the inputs named name currently hold.
  function values(name) {
    var out = [];
    Array.prototype.forEach.call(form.elements, function (input) {
      if (input.name !== name || input.closest("[hidden]")) {
        return;
      }
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) {
          out.push(input.value);
        }
      } else if (input.value !== "") {
        out.push(input.value);
      }
    });
    return out;
  }

  function holds(term) {
    var any = values(term.name).some(function (v) { return term.values.indexOf(v) >= 0; });
    return term.negate ? !any : any;
  }

  function update() {
    // Hiding one question can hide another that depends on it: repeat
    // until nothing changes (at most once per question).
    for (var round = 0; round <= blocks.length; round++) {
      var changed = false;
      blocks.forEach(function (b) {
        var show = b.cond.terms.every(holds);
        if (b.el.hidden === show) {
          b.el.hidden = !show;
          changed = true;
        }
      });
      if (!changed) {
        break;
      }
    }
    syncSummary();
  }

  // An error summary entry whose field is hidden is hidden too, so every
  // link left in the summary leads to a visible field.
  function syncSummary() {
    var links = document.querySelectorAll("#error-summary a[href^='#']");
    Array.prototype.forEach.call(links, function (a) {
      var target = document.getElementById(a.getAttribute("href").slice(1));
      var item = a.closest("li");
      if (target && item) {
        item.hidden = !!target.closest("[hidden]");
      }
    });
  }

  form.addEventListener("change", update);
  update();
})();
