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
      /* above that session's time heading, which belongs with it */
      while (before && before.previousElementSibling && before.previousElementSibling.hasAttribute("data-slot-time")) before = before.previousElementSibling;
      grid.insertBefore(line, before);
    });
  }
  function update() { var now = Date.now(); home(now); agenda(now); }
  update();
  setInterval(update, 60000);
})();

/* My agenda: a star on every session (stored in this browser only, no account). */
(function () {
  "use strict";
  var body = document.body, key = "hb-mine:" + (body.getAttribute("data-store") || "/");
  function read() {
    try { var v = JSON.parse(localStorage.getItem(key) || "[]"); return Array.isArray(v) ? v : []; } catch (e) { return []; }
  }
  function write(list) {
    try { localStorage.setItem(key, JSON.stringify(list)); } catch (e) { /* private mode: this page only */ }
    document.dispatchEvent(new CustomEvent("hb-mine"));
    offline(list);
  }
  /* the starred sessions' pages and .ics files, kept for use without a network */
  function offline(list) {
    var sw = navigator.serviceWorker && navigator.serviceWorker.controller, urls = [];
    if (!sw) return;
    list.forEach(function (slug) {
      var card = document.querySelector('[data-session="' + slug.replace(/["\\]/g, "") + '"]');
      if (!card) return;
      var a = card.querySelector(".card-title a");
      if (a) urls.push(a.getAttribute("href"));
      urls.push(card.getAttribute("data-ics"));
    });
    if (urls.length) sw.postMessage({ keep: urls });
  }
  window.hbMine = { read: read, write: write };
  function paint() {
    var mine = read();
    document.querySelectorAll("[data-star-for]").forEach(function (b) {
      var on = mine.indexOf(b.getAttribute("data-star-for")) >= 0;
      b.setAttribute("aria-pressed", String(on));
      b.firstChild.textContent = on ? "\u2605" : "\u2606";
      // A visible label says the state too (a filled star alone is easy to miss); hidden ones stay as named.
      var label = b.querySelector(".star-label");
      if (label) label.textContent = body.getAttribute(on ? "data-starred" : "data-star");
    });
  }
  document.querySelectorAll("[data-session]").forEach(function (card) {
    var slug = card.getAttribute("data-session"), title = card.querySelector("h1, .card-title");
    var b = document.createElement("button"), icon = document.createElement("span"), label = document.createElement("span");
    b.type = "button";
    b.className = "star";
    b.setAttribute("data-star-for", slug);
    icon.setAttribute("aria-hidden", "true");
    label.textContent = body.getAttribute("data-star");
    label.className = card.tagName === "ARTICLE" && card.classList.contains("card") ? "visually-hidden" : "star-label";
    if (label.className === "visually-hidden" && title) label.textContent += ": " + title.textContent.trim();
    b.appendChild(icon);
    b.appendChild(label);
    b.addEventListener("click", function () {
      var mine = read(), i = mine.indexOf(slug);
      if (i >= 0) mine.splice(i, 1); else mine.push(slug);
      write(mine);
    });
    if (title && title.tagName === "H1") title.insertAdjacentElement("afterend", b); else card.appendChild(b);
  });
  paint();
  document.addEventListener("hb-mine", paint);
  window.addEventListener("storage", paint);
})();

/* Agenda filters (day, track, room, kind): real form controls, kept in the URL (?track=…&room=…),
   the result count announced.  Without scripting the form is not shown (visitor.css, @media scripting)
   and every session shows. */
(function () {
  "use strict";
  var form = document.querySelector("[data-agenda-filter]");
  if (!form) return;
  var names = ["day", "track", "room", "kind"];
  var params = new URLSearchParams(location.search);
  var mineBox = form.elements.mine, sel = (params.get("sel") || "").split(",").filter(Boolean);
  if (mineBox && params.get("mine") === "1") mineBox.checked = true;
  function mine() { return window.hbMine ? window.hbMine.read() : []; }
  names.forEach(function (n) {
    var el = form.elements[n];
    if (el && params.get(n) && [].some.call(el.options, function (o) { return o.value === params.get(n); })) el.value = params.get(n);
  });
  form.hidden = false;
  // The controls stay folded (the sessions come first on a phone) unless the link carries a filter.
  var more = form.querySelector("[data-filter-more]");
  if (more && names.some(function (n) { return form.elements[n] && form.elements[n].value; })) more.open = true;
  var count = form.querySelector("[data-filter-count]");
  function apply(announce) {
    var want = {}, any = false;
    names.forEach(function (n) { var el = form.elements[n]; want[n] = el ? el.value : ""; if (want[n]) any = true; });
    var onlyMine = mineBox && mineBox.checked, starred = mine();
    if (onlyMine || sel.length) any = true;
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
        var card = li.querySelector("[data-session]"), slug = card ? card.getAttribute("data-session") : "";
        var ok = dayOk && ["track", "room", "kind"].every(function (n) { return !want[n] || li.getAttribute("data-" + n) === want[n]; });
        if (onlyMine && starred.indexOf(slug) < 0) ok = false;
        if (sel.length && sel.indexOf(slug) < 0) ok = false;
        li.hidden = !ok;
        if (ok) { inDay++; inHead++; shown++; }
      });
      closeHead();
      day.hidden = any && inDay === 0;
    });
    if (count && (announce || any)) count.textContent = any ? form.getAttribute("data-count").replace("{n}", shown).replace("{total}", total) : "";
    var q = new URLSearchParams(location.search);
    names.forEach(function (n) { if (want[n]) q.set(n, want[n]); else q.delete(n); });
    if (onlyMine) q.set("mine", "1"); else q.delete("mine");
    if (sel.length) q.set("sel", sel.join(",")); else q.delete("sel");
    var s = q.toString();
    history.replaceState(null, "", location.pathname + (s ? "?" + s : "") + location.hash);
  }
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(true); });
  form.addEventListener("reset", function () { sel = []; setTimeout(function () { apply(true); }, 0); });
  document.addEventListener("hb-mine", function () { tools(); if (mineBox && mineBox.checked) apply(true); });

  /* My agenda's tools: one .ics made in the browser from the sessions' own files, a link to share. */
  var box = document.querySelector("[data-mine-tools]"), counter = form.querySelector("[data-mine-count]");
  function tools() {
    var n = mine().length;
    if (counter) counter.textContent = String(n);
    if (box) {
      box.hidden = !(n || sel.length);
      box.querySelector("[data-mine-ics]").hidden = !n;
      box.querySelector("[data-mine-share]").hidden = !n;
      box.querySelector("[data-sel-adopt]").hidden = !sel.length;
    }
  }
  function icsOf(slug) {
    var card = document.querySelector('[data-session="' + slug.replace(/["\\]/g, "") + '"]');
    return card ? card.getAttribute("data-ics") : null;
  }
  if (box) {
    box.querySelector("[data-mine-ics]").addEventListener("click", function () {
      var button = this, urls = mine().map(icsOf).filter(Boolean);
      Promise.all(urls.map(function (u) { return fetch(u).then(function (r) { return r.text(); }); })).then(function (texts) {
        var zone = "", events = "";
        texts.forEach(function (t) {
          zone = zone || (t.match(/BEGIN:VTIMEZONE[\s\S]*?END:VTIMEZONE\r\n/) || [""])[0];
          events += (t.match(/BEGIN:VEVENT[\s\S]*?END:VEVENT\r\n/g) || []).join("");
        });
        var ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//handbill//my agenda//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n" + zone + events + "END:VCALENDAR\r\n";
        var a = document.createElement("a");
        a.href = URL.createObjectURL(new Blob([ics], { type: "text/calendar" }));
        a.download = button.getAttribute("data-name");
        document.body.appendChild(a);
        a.click();
        a.remove();
      });
    });
    box.querySelector("[data-mine-share]").addEventListener("click", function () {
      var p = box.querySelector("[data-mine-link]"), input = p.querySelector("input");
      input.value = location.origin + location.pathname + "?sel=" + mine().map(encodeURIComponent).join(",");
      p.hidden = false;
      input.focus();
      input.select();
    });
    box.querySelector("[data-sel-adopt] button").addEventListener("click", function () {
      var all = mine();
      sel.forEach(function (s) { if (all.indexOf(s) < 0) all.push(s); });
      window.hbMine.write(all);
    });
  }
  tools();
  apply(false);
})();

/* Search: Pagefind's index (built with the site, served from this origin), loaded on first use. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-search]"), toggle = document.querySelector("[data-search-toggle]");
  if (!panel || !toggle) return;
  var input = panel.querySelector("input"), status = panel.querySelector("[data-search-status]");
  var list = panel.querySelector("[data-search-results]"), engine = null, seq = 0, timer = 0;
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    var open = panel.hidden;
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open) input.focus();
  });
  function load() {
    if (!engine) {
      var bundle = panel.getAttribute("data-search"), options = { excerptLength: 18, baseUrl: panel.getAttribute("data-base") };
      engine = import(bundle + "pagefind.js").then(function (pf) {
        return pf.options(options).then(function () {
          if (!panel.hasAttribute("data-search-shards")) return pf;
          // A large site's index comes in shards (handbill/formats/search.py): this language's are merged.
          return fetch(bundle + "shards.json").then(function (r) { return r.json(); }).then(function (shards) {
            var mine = shards[document.documentElement.lang] || [];
            return Promise.all(mine.map(function (path) { return pf.mergeIndex(bundle + path, options); }));
          }).then(function () { return pf; });
        });
      });
    }
    return engine;
  }
  function text(html) { return new DOMParser().parseFromString(html, "text/html").body.textContent || ""; }
  function run() {
    var q = input.value.trim(), mine = ++seq;
    if (!q) { list.textContent = ""; status.textContent = ""; return; }
    load().then(function (pf) { return pf.search(q); }).then(function (found) {
      return Promise.all(found.results.slice(0, 10).map(function (r) { return r.data(); })).then(function (items) {
        if (mine !== seq) return;
        list.textContent = "";
        items.forEach(function (d) {
          var li = document.createElement("li"), a = document.createElement("a"), kind = document.createElement("span"), p = document.createElement("p");
          kind.className = "search-kind";
          kind.textContent = (d.meta && d.meta.kind) || "";
          a.href = d.url;
          a.textContent = (d.meta && d.meta.title) || d.url;
          p.textContent = text(d.excerpt || "");
          li.appendChild(kind); li.appendChild(a); li.appendChild(p);
          list.appendChild(li);
        });
        status.textContent = found.results.length ? panel.getAttribute("data-count").replace("{n}", found.results.length) : panel.getAttribute("data-none");
      });
    }).catch(function () { if (mine === seq) status.textContent = panel.getAttribute("data-off"); });
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 200); });
  panel.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); run(); });
})();

/* Offline: the service worker made with the site (sw.js at its base path); none in the preview. */
(function () {
  "use strict";
  var base = document.body.getAttribute("data-store") || "/";
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    navigator.serviceWorker.register(base + "sw.js", { scope: base }).catch(function () { /* no worker here */ });
  }
})();

/* Times also in the visitor's own zone, when the device is set to another one than the event's. */
(function () {
  "use strict";
  var label = document.body.getAttribute("data-your-time"), lang = document.documentElement.lang, fmt, day;
  try {
    fmt = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    day = new Intl.DateTimeFormat(lang, { weekday: "short" });
  } catch (e) { return; }
  function offset(iso) {
    var m = /([+-])(\d\d):(\d\d)$/.exec(iso);
    return m ? (m[1] === "-" ? -1 : 1) * (parseInt(m[2], 10) * 60 + parseInt(m[3], 10)) : iso.slice(-1) === "Z" ? 0 : null;
  }
  document.querySelectorAll(".meta, .today-time, .facts-list dd").forEach(function (el) {
    var t = el.querySelectorAll("time[datetime]");
    if (t.length !== 2 || el.querySelector(".local-time")) return;
    var iso = t[0].getAttribute("datetime"), a = new Date(iso), b = new Date(t[1].getAttribute("datetime"));
    var theirs = offset(iso);
    if (theirs === null || isNaN(a) || -a.getTimezoneOffset() === theirs) return;
    var shifted = new Date(a.getTime() + theirs * 60000);
    var other = shifted.getUTCDate() !== a.getDate() ? day.format(a) + " " : "";
    var span = document.createElement("span");
    span.className = "local-time";
    span.textContent = " (" + other + fmt.format(a) + "\u2013" + fmt.format(b) + " " + label + ")";
    el.appendChild(span);
  });
})();

/* The language switch keeps what the address holds: the agenda's filters, a shared selection, the day. */
(function () {
  document.querySelectorAll("a[data-lang-switch]").forEach(function (a) {
    a.addEventListener("click", function () {
      if (location.search || location.hash) a.href = a.href.split(/[?#]/)[0] + location.search + location.hash;
    });
  });
})();
