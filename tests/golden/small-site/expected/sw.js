/* Offline (handbill, formats/offline.py): pages from the network first, the cache when it fails. */
"use strict";
var CONFIG = {"base": "/ccc/", "precache": ["/ccc/", "/ccc/agenda/", "/ccc/en/", "/ccc/en/agenda/", "/ccc/assets/css/site.e6e293186c.css", "/ccc/assets/css/visitor.3db3f1ddbe.css", "/ccc/assets/js/site.d8e78623ed.js", "/ccc/assets/js/visitor.7a6fea5a12.js"], "version": "32a55038adaa649a"};
var CACHE = "handbill:" + CONFIG.base + ":" + CONFIG.version;
var HASHED = /\.[0-9a-f]{10}\.(css|js)$/;
function ours(name) { return name.indexOf("handbill:" + CONFIG.base + ":") === 0; }
/* A newer build's worker has taken over: this one's cache is deleted and must stay so.  caches.open
   would make it again, empty but for what is written last, beside the new one; so a write checks before
   and after, and a read never opens. */
function superseded() {
  var me = self.serviceWorker, now = self.registration.active;
  return !!(me && now && now !== me);
}
function store(write) {
  if (superseded()) return Promise.resolve();
  return caches.open(CACHE).then(write).then(function () {
    if (superseded()) return caches.delete(CACHE);
  });
}
function keep(request, response) {
  if (response && response.ok && response.type === "basic") {
    var copy = response.clone();
    store(function (c) { return c.put(request, copy); }).catch(function () {});
  }
  return response;
}
self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE)
    .then(function (c) { return c.addAll(CONFIG.precache); })
    .then(function () { return self.skipWaiting(); }));
});
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    var old = names.filter(function (n) { return ours(n) && n !== CACHE; });
    return Promise.all(old.map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});
self.addEventListener("message", function (event) {
  var urls = event.data && Array.isArray(event.data.keep) ? event.data.keep : [];
  urls = urls.filter(function (u) { return typeof u === "string" && u.indexOf(CONFIG.base) === 0; });
  if (!urls.length) return;
  event.waitUntil(store(function (c) { return c.addAll(urls); }).catch(function () {}));
});
self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.indexOf(CONFIG.base) !== 0) return;
  function fresh(r) { return keep(request, r); }
  if (HASHED.test(url.pathname)) {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request).then(fresh); }));
    return;
  }
  var page = request.mode === "navigate";
  event.respondWith(fetch(request).then(fresh).catch(function () {
    return caches.match(request, { cacheName: CACHE, ignoreSearch: page })
      .then(function (hit) { return hit || (page ? caches.match(CONFIG.precache[0]) : Response.error()); });
  }));
});
