/* The visitor's companion: progressive enhancement only, every page works without this file. */
(function () {
  "use strict";
  var store = {
    get: function (k) { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(k, v); } catch (e) { /* private mode */ } }
  };
  function hash(s) { var h = 0; for (var i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0; return String(h); }

  /* The site-wide notice: one line, expandable; dismissed once, gone until its text changes. */
  var notice = document.querySelector("[data-notice]");
  if (notice) {
    var key = "hb-notice", sig = hash(notice.textContent.trim());
    if (store.get(key) === sig) notice.hidden = true;
    var close = notice.querySelector("[data-notice-close]");
    if (close) {
      close.hidden = false;
      close.addEventListener("click", function () { store.set(key, sig); notice.hidden = true; });
    }
  }

  /* The menu row on phones: keep the current item in view. */
  var cur = document.querySelector(".menu [aria-current]");
  if (cur) {
    var row = cur.closest("ul");
    if (row && row.scrollWidth > row.clientWidth) row.scrollLeft = cur.offsetLeft - row.clientWidth / 3;
  }
})();

/* Now and next: every time in the page is an absolute instant (ISO with the event's offset), so what
   runs "now" is the same whatever zone the device is set to; the labels are the event's local times. */
(function () {
  "use strict";
  function at(el, name) { return Date.parse(el.getAttribute(name)); }
  function show(el, on) { if (el) el.hidden = !on; }
  function links(items) {
    var out = document.createDocumentFragment();
    items.forEach(function (li, i) {
      if (i) out.appendChild(document.createTextNode(" · "));
      out.appendChild(li.querySelector("a").cloneNode(true));
    });
    return out;
  }
  function home(now) {
    document.querySelectorAll(".state-during").forEach(function (box) {
      var items = [].slice.call(box.querySelectorAll(".today li[data-start]"));
      if (!items.length) return;
      var first = Math.min.apply(null, items.map(function (li) { return at(li, "data-start"); }));
      var last = Math.max.apply(null, items.map(function (li) { return at(li, "data-end"); }));
      var state = now < first ? "soon" : now < last ? "live" : "done";
      box.querySelectorAll("[data-when]").forEach(function (el) { show(el, el.getAttribute("data-when") === state); });
      var running = [], later = [], next = Infinity;
      items.forEach(function (li) {
        var s = at(li, "data-start"), e = at(li, "data-end");
        li.classList.toggle("is-now", s <= now && now < e);
        li.classList.toggle("is-past", e <= now);
        if (s <= now && now < e) running.push(li);
        if (s > now) { later.push(li); if (s < next) next = s; }
      });
      var upcoming = later.filter(function (li) { return at(li, "data-start") === next; });
      var pNow = box.querySelector('[data-nn="now"]'), pNext = box.querySelector('[data-nn="next"]');
      if (pNow) {
        var l1 = pNow.querySelector("[data-nn-list]"); l1.textContent = ""; l1.appendChild(links(running));
        show(pNow, running.length > 0);
      }
      if (pNext) {
        var l2 = pNext.querySelector("[data-nn-list]"); l2.textContent = ""; l2.appendChild(links(upcoming));
        if (upcoming.length) pNext.querySelector("[data-nn-time]").textContent = upcoming[0].querySelector("time").textContent;
        show(pNext, upcoming.length > 0);
      }
    });
  }
  function clock(grid, now) {
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: grid.getAttribute("data-tz") }).format(now);
    } catch (e) { return ""; }
  }
  function agenda(now) {
    document.querySelectorAll(".agenda-grid[data-day-start]").forEach(function (grid) {
      var old = grid.querySelector(".now-line");
      if (old) old.remove();
      var slots = [].slice.call(grid.querySelectorAll(".slot[data-start]"));
      slots.forEach(function (li) {
        li.classList.toggle("is-now", at(li, "data-start") <= now && now < at(li, "data-end"));
        li.classList.toggle("is-past", at(li, "data-end") <= now);
      });
      if (!slots.length || now < at(grid, "data-day-start") || now >= at(grid, "data-day-end")) return;
      var first = Math.min.apply(null, slots.map(function (li) { return at(li, "data-start"); }));
      var last = Math.max.apply(null, slots.map(function (li) { return at(li, "data-end"); }));
      if (now < first || now >= last) return;
      var line = document.createElement("li");
      line.className = "now-line";
      line.setAttribute("data-now-line", "");
      line.textContent = grid.getAttribute("data-now-label") + " " + clock(grid, now);
      /* on the wide grid: the row of this minute, from the hour ticks */
      var ticks = [].slice.call(grid.querySelectorAll(".tick[data-t]"));
      var row = 0, perHour = ticks.length > 1 ? parseInt(ticks[1].style.gridRowStart, 10) - parseInt(ticks[0].style.gridRowStart, 10) : 12;
      ticks.forEach(function (tk) {
        if (at(tk, "data-t") <= now) row = parseInt(tk.style.gridRowStart, 10) + Math.floor((now - at(tk, "data-t")) / (3600000 / perHour));
      });
      if (row) line.style.gridRow = String(row);
      /* in the phone list: before the first session that has not started */
      var before = slots.filter(function (li) { return at(li, "data-start") > now; })[0] || null;
      grid.insertBefore(line, before);
    });
  }
  function update() { var now = Date.now(); home(now); agenda(now); }
  update();
  setInterval(update, 60000);
})();

/* Agenda filters (day, track, room, kind): real form controls, kept in the URL (?track=…&room=…),
   the result count announced.  Without this script the form stays hidden and every session shows. */
(function () {
  "use strict";
  var form = document.querySelector("[data-agenda-filter]");
  if (!form) return;
  var names = ["day", "track", "room", "kind"];
  var params = new URLSearchParams(location.search);
  names.forEach(function (n) {
    var el = form.elements[n];
    if (el && params.get(n) && [].some.call(el.options, function (o) { return o.value === params.get(n); })) el.value = params.get(n);
  });
  form.hidden = false;
  var count = form.querySelector("[data-filter-count]");
  function apply(announce) {
    var want = {}, any = false;
    names.forEach(function (n) { var el = form.elements[n]; want[n] = el ? el.value : ""; if (want[n]) any = true; });
    var shown = 0, total = 0;
    document.querySelectorAll("section.day").forEach(function (day, i) {
      var inDay = 0, dayOk = !want.day || want.day === String(i + 1);
      var list = day.querySelectorAll(".agenda-grid > li");
      var head = null, inHead = 0;
      function closeHead() { if (head) head.hidden = inHead === 0; }
      [].forEach.call(list, function (li) {
        if (li.hasAttribute("data-slot-time")) { closeHead(); head = li; inHead = 0; return; }
        if (!li.classList.contains("slot")) return;
        total++;
        var ok = dayOk && ["track", "room", "kind"].every(function (n) { return !want[n] || li.getAttribute("data-" + n) === want[n]; });
        li.hidden = !ok;
        if (ok) { inDay++; inHead++; shown++; }
      });
      closeHead();
      day.hidden = any && inDay === 0;
    });
    if (count && (announce || any)) count.textContent = any ? form.getAttribute("data-count").replace("{n}", shown).replace("{total}", total) : "";
    var q = new URLSearchParams(location.search);
    names.forEach(function (n) { if (want[n]) q.set(n, want[n]); else q.delete(n); });
    var s = q.toString();
    history.replaceState(null, "", location.pathname + (s ? "?" + s : "") + location.hash);
  }
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(true); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  apply(false);
})();
