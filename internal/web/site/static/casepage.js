// Case page (backoffice_case.html): marks the section navigation's link of
// the section being read (aria-current="location"): the last section whose
// heading has scrolled up to the top third of the window, or the one just
// jumped to. Without script the links still jump; nothing is marked.
(function () {
  "use strict";
  var nav = document.getElementById("case-sections");
  if (!nav) {
    return;
  }
  var links = Array.prototype.slice.call(nav.querySelectorAll('a[href^="#"]'));
  var jumped = ""; // the section a link or the address named last
  var jumpedAt = 0; // when: while the (smooth) scroll there runs, its mark stays
  function target(a) { return document.getElementById(a.getAttribute("href").slice(1)); }
  function mark(link) {
    links.forEach(function (a) {
      if (a === link) {
        a.setAttribute("aria-current", "location");
      } else {
        a.removeAttribute("aria-current");
      }
    });
  }
  function current() {
    var line = Math.max(96, window.innerHeight / 3);
    var atEnd = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
    var found = null;
    links.forEach(function (a) {
      var h = target(a);
      if (!h) {
        return;
      }
      var top = h.getBoundingClientRect().top;
      if (top <= line) {
        found = a;
      }
      if (atEnd && a.getAttribute("href") === jumped && top >= 0 && top < window.innerHeight) {
        found = a; // the page cannot scroll the jumped-to heading any higher
      }
    });
    return found;
  }
  var pending = false;
  window.addEventListener("scroll", function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        if (Date.now() - jumpedAt > 1500) {
          mark(current());
        }
      });
    }
  }, { passive: true });
  window.addEventListener("hashchange", function () {
    jumped = location.hash;
    jumpedAt = Date.now();
    links.forEach(function (a) {
      if (a.getAttribute("href") === jumped) {
        mark(a);
      }
    });
  });
  nav.addEventListener("click", function (ev) {
    var a = ev.target.closest("a");
    if (a) {
      jumped = a.getAttribute("href");
      jumpedAt = Date.now();
      mark(a);
    }
  });
  jumped = location.hash;
  mark(current());
})();
