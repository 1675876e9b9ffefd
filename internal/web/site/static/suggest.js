// Suggestions while typing in the service search box (progressive
// enhancement; the search works without this file). It gives every search
// input with data-suggest a native <datalist>, filled from the JSON
// endpoint named by the attribute, so browsers and screen readers present
// the suggestions as they present any other autocomplete list.
"use strict";
(function () {
  var inputs = document.querySelectorAll("input[data-suggest]");
  Array.prototype.forEach.call(inputs, function (input) {
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.parentNode.appendChild(list);
    input.setAttribute("list", list.id);
    var timer = 0;
    var last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 150);
    });
    function update() {
      var q = input.value.trim();
      if (q.length < 2 || q === last) {
        return;
      }
      last = q;
      fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q), {
        headers: { Accept: "application/json" }
      }).then(function (res) {
        return res.ok ? res.json() : { items: [] };
      }).then(function (data) {
        if (input.value.trim() !== q) {
          return; // the user typed on; a newer request follows
        }
        list.textContent = "";
        (data.items || []).forEach(function (name) {
          var option = document.createElement("option");
          option.value = name;
          list.appendChild(option);
        });
      }).catch(function () { /* no suggestions; the search still works */ });
    }
  });
})();
