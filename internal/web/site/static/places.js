// Place suggestions (progressive enhancement; the finder and the place
// field work without this file: the server resolves the name or offers a
// choice list). Every input with data-places becomes a WAI-ARIA 1.2
// combobox with a listbox popup, filled from the JSON endpoint the
// attribute names: arrow keys move through the suggestions
// (aria-activedescendant), Enter takes one, Escape closes the list, and a
// live region says how many places were found. Taking a suggestion puts
// its label into the input and its ARS into the hidden field named by
// data-places-ars (created if missing), which typing clears again.
"use strict";
(function () {
  var inputs = document.querySelectorAll("input[data-places]");
  Array.prototype.forEach.call(inputs, function (input) {
    if (input.hasAttribute("data-places-ready")) {
      return;
    }
    input.setAttribute("data-places-ready", "");
    combobox(input);
  });

  function combobox(input) {
    var wrap = input.parentNode;
    if (!wrap.classList.contains("amtsweg-places")) {
      wrap = document.createElement("div");
      wrap.className = "amtsweg-places";
      input.parentNode.insertBefore(wrap, input);
      wrap.appendChild(input);
    }
    var list = document.createElement("ul");
    list.id = input.id + "-places";
    list.className = "amtsweg-places__list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var label = document.querySelector("label[for='" + input.id + "']");
    if (label) {
      list.setAttribute("aria-label", label.textContent.trim());
    }
    var status = document.createElement("div");
    status.className = "amtsweg-places__status";
    status.setAttribute("role", "status");
    wrap.appendChild(list);
    wrap.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");

    var items = [];
    var active = -1;
    var timer = 0;
    var asked = "";
    var chose = false; // Enter took a suggestion; its keypress must not submit

    input.addEventListener("input", function () {
      setARS("");
      clearTimeout(timer);
      timer = setTimeout(update, 150);
    });
    input.addEventListener("keydown", function (e) {
      switch (e.key) {
        case "ArrowDown":
          if (items.length === 0) {
            return;
          }
          e.preventDefault();
          open();
          activate(active + 1 < items.length ? active + 1 : 0);
          break;
        case "ArrowUp":
          if (items.length === 0) {
            return;
          }
          e.preventDefault();
          open();
          activate(active > 0 ? active - 1 : items.length - 1);
          break;
        case "Enter":
          if (!list.hidden && active >= 0) {
            e.preventDefault();
            chose = true;
            choose(active);
          }
          break;
        case "Escape":
          if (!list.hidden) {
            e.preventDefault();
            close();
          }
          break;
        case "Tab":
          close();
          break;
      }
    });
    // Taking a suggestion with Enter must not also send the form: some
    // input paths (assistive technology, automation) deliver the keypress
    // although the keydown was cancelled.
    input.addEventListener("keypress", function (e) {
      if (e.key === "Enter" && chose) {
        e.preventDefault();
      }
    });
    input.addEventListener("keyup", function () {
      chose = false;
    });
    input.addEventListener("blur", close);
    // A click on a suggestion must not take the focus from the input.
    list.addEventListener("mousedown", function (e) {
      e.preventDefault();
    });
    list.addEventListener("click", function (e) {
      var li = e.target.closest("li[role=option]");
      if (li) {
        choose(Number(li.getAttribute("data-index")));
      }
    });

    function update() {
      var q = input.value.trim();
      if (q.length < 2) {
        render([], "");
        return;
      }
      if (q === asked) {
        return;
      }
      asked = q;
      var lang = document.documentElement.lang || "de";
      fetch(input.getAttribute("data-places") + "?q=" + encodeURIComponent(q) + "&lang=" + encodeURIComponent(lang), {
        headers: { Accept: "application/json" }
      }).then(function (res) {
        return res.ok ? res.json() : { items: [], status: "" };
      }).then(function (data) {
        if (input.value.trim() !== q) {
          return; // the person typed on; a newer request follows
        }
        render(data.items || [], data.status || "");
      }).catch(function () { /* no suggestions; the form still works */ });
    }

    function render(found, text) {
      items = found;
      active = -1;
      list.textContent = "";
      input.removeAttribute("aria-activedescendant");
      found.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.className = "amtsweg-places__option";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-index", String(i));
        li.textContent = item.label;
        if (item.postcodes && item.postcodes.length) {
          var codes = document.createElement("span");
          codes.className = "amtsweg-places__codes";
          codes.textContent = " " + item.postcodes[0] + (item.postcodes.length > 1 ? " …" : "");
          li.appendChild(codes);
        }
        list.appendChild(li);
      });
      status.textContent = text;
      if (found.length > 0 && document.activeElement === input) {
        open();
      } else {
        close();
      }
    }

    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      activate(-1);
    }

    function activate(i) {
      Array.prototype.forEach.call(list.children, function (li, j) {
        li.setAttribute("aria-selected", j === i ? "true" : "false");
      });
      active = i;
      if (i >= 0) {
        var li = list.children[i];
        input.setAttribute("aria-activedescendant", li.id);
        li.scrollIntoView({ block: "nearest" });
      }
    }

    function choose(i) {
      var item = items[i];
      input.value = item.label;
      asked = item.label;
      setARS(item.ars);
      close();
      status.textContent = "";
    }

    function setARS(ars) {
      var name = input.getAttribute("data-places-ars");
      if (!name || !input.form) {
        return;
      }
      var hidden = input.form.querySelector("input[type=hidden][name='" + name + "']");
      if (!hidden && ars) {
        hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = name;
        input.form.appendChild(hidden);
      }
      if (hidden) {
        hidden.value = ars;
      }
    }
  }
})();
