/* Progressive enhancement only: every page works without this file.
   The home page carries the three event states (before / during a day / after), decided at build
   time; this refreshes which one shows from the visitor's clock, so yesterday's build is right today. */
(function () {
  "use strict";
  var box = document.querySelector("[data-event-state]");
  if (!box) return;
  function at(el, name) { return Date.parse(el.getAttribute(name)); }
  function update() {
    var now = Date.now(), start = at(box, "data-start"), end = at(box, "data-end");
    var phase = now < start ? "before" : now < end ? "during" : "after";
    box.querySelectorAll("[data-phase]").forEach(function (el) {
      var on = el.getAttribute("data-phase") === phase;
      if (on && phase === "during") on = now >= at(el, "data-start") && now < at(el, "data-end");
      el.hidden = !on;
    });
    box.setAttribute("data-current", phase);
  }
  update();
  setInterval(update, 60000);
})();
