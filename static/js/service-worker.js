// Keeps the screens of the conversations an expert by experience holds, so that a conversation can
// be started, continued and finished with no connection (what is typed waits in static/js/outbox.mjs).
// Pages come from the network when there is one, and the copy kept here when there is not. Scripts,
// styles and pictures likewise. Signing out deletes all of it (Clear-Site-Data, and outbox-status.mjs).
//
// What it fetches, it fetches once: a conversation's screens all in one answer, again only when the
// list gives the conversation a new stamp (with the ETag of the copy kept: If-None-Match), and the
// home page with the ETag of its kept copy, so that a page that has not changed costs a 304. Files whose address names their version (`?v=`, a hash of
// their content) are taken from what is kept before the network: a picture is fetched once for
// every conversation and guide. Every request of its own carries the X-Coproduce-Copy header: the
// server then writes no audit record for a refreshed screen (only for a conversation first copied
// onto the tablet), and does not renew the session cookie or its idle clock for it.
//
// A session can also end without signing out (the idle or absolute limit, or the coordinator). Then
// the kept screens go too, so that a tablet left behind shows nothing: when a page or the list of
// screens finds the person signed out, and, with no connection, once the session's own limits mean
// it can no longer be alive on the server (the list gives them; each page from the network counts
// as activity). What was typed stays in the outbox for its owner either way.

const PAGES = "coproduce-pages-v1";
const FILES = "coproduce-files-v1";
const STAMPS = "/__kept-stamps__";
const COPIES = "/__kept-copies__"; // {conversation id: the ETag of the screens kept for it}
const SESSION = "/__kept-session__"; // {list, idle, end, seen}: times in ms on this tablet's clock
const OFFLINE_PAGE = "/conversations/offline";
// A kept page names its first script only; the modules that script imports are listed here
// (tests/test_offline.py checks this list against the imports in static/js).
const MODULES = [
  "/static/js/app.mjs",
  "/static/js/capture.mjs",
  "/static/js/outbox.mjs",
  "/static/js/outbox-status.mjs",
  "/static/js/session-warning.mjs",
  "/static/vendor/govuk/govuk-frontend.min.js",
  "/static/vendor/idb/index.js",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(FILES)
      .then((files) => files.addAll(MODULES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// Pages kept from the network in the last moments (a person opened them), which the list of screens
// to keep need not fetch again. Lost when the browser stops the worker: then a 304 does instead.
const justKept = new Map();
const JUST_KEPT_MS = 10000;

// One keep at a time, in the order asked (every page asks): two at once could finish in the wrong
// order and leave the stamps of an older list, in another language say, over the newer one.
let keeping = Promise.resolve();
self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "keep") return;
  keeping = keeping.then(() => keep(event.data.url)).catch(() => {});
  event.waitUntil(keeping);
});

// The header the server knows the worker's own requests by (coproduce/auth.py, OFFLINE_COPY).
const MINE = { "X-Coproduce-Copy": "offline" };

const json = (value) => new Response(JSON.stringify(value), { headers: { "Content-Type": "application/json" } });

/** Delete every kept screen (the files, which hold nothing personal, stay). */
const forgetPages = () => caches.delete(PAGES);

async function sessionOf(pages) {
  const kept = await pages.match(SESSION);
  return kept ? kept.json() : null;
}

/** Whether the session that kept the screens may still be alive on the server. */
const mayBeAlive = (session) =>
  Boolean(session) && Date.now() < Math.min(session.seen + session.idle * 1000, session.end);

/** Ask the server (with a connection) whether the person is still signed in; if not, forget. */
async function checkSignedIn() {
  const session = await sessionOf(await caches.open(PAGES));
  if (!session) return;
  const response = await fetch(session.list, { headers: { ...MINE, Accept: "application/json" }, cache: "no-store" });
  if ([401, 403].includes(response.status)) await forgetPages();
}

/** A page came from the network while signed in: the session's idle clock restarted. */
async function seen(pages) {
  const session = await sessionOf(pages);
  if (session) await pages.put(SESSION, json({ ...session, seen: Date.now() }));
}

/** Keep (or refresh) the screens of every conversation in the list the server gives. */
async function keep(listUrl) {
  const response = await fetch(listUrl, { headers: { ...MINE, Accept: "application/json" }, cache: "no-store" });
  if ([401, 403].includes(response.status)) return forgetPages(); // the session ended
  if (!response.ok) return;
  const list = await response.json();
  const pages = await caches.open(PAGES);
  const now = Date.now();
  await pages.put(
    SESSION,
    json({ list: listUrl, idle: list.session.idle_seconds, end: now + list.session.ends_in_seconds * 1000, seen: now }),
  );
  const known = await pages.match(STAMPS);
  const stamps = known ? await known.json() : {};
  const fresh = {};
  for (const url of list.pages) {
    if (Date.now() - (justKept.get(url) || 0) < JUST_KEPT_MS) continue; // the page that asked, say
    if (!(await copy(pages, url))) return;
  }
  const knownCopies = await pages.match(COPIES);
  const copies = knownCopies ? await knownCopies.json() : {};
  for (const conversation of list.conversations) {
    if (stamps[conversation.id] !== conversation.stamp) {
      const etag = await copyConversation(pages, conversation, copies[conversation.id]);
      if (!etag) return; // signed out, say
      copies[conversation.id] = etag;
    }
    fresh[conversation.id] = conversation.stamp;
  }
  await pages.put(COPIES, json(Object.fromEntries(Object.keys(fresh).map((id) => [id, copies[id]]))));
  // Conversations sent or no longer held: their screens are not kept.
  for (const request of await pages.keys()) {
    const match = new URL(request.url).pathname.match(/^\/conversations\/(\d+)(\/|$)/);
    if (match && !(match[1] in fresh)) await pages.delete(request);
  }
  await pages.put(STAMPS, json(fresh));
}

/** Keep every screen of one conversation, fetched together in one answer (compressed together, they
 * cost a seventh of what they cost one by one), and the files they use. Returns the answer's ETag,
 * or null when the server did not give it. */
async function copyConversation(pages, conversation, etag) {
  let response;
  try {
    response = await fetch(conversation.copy, {
      headers: etag ? { ...MINE, Accept: "application/json", "If-None-Match": etag } : { ...MINE, Accept: "application/json" },
      cache: "no-store",
    });
  } catch {
    return null;
  }
  if (response.status === 304 && etag) return etag;
  if (!response.ok || response.redirected) return null;
  const copied = await response.json();
  for (const page of copied.pages) {
    await pages.put(page.url, new Response(page.html, { headers: page.headers }));
    await keepFiles(page.html);
  }
  return response.headers.get("ETag") || "";
}

/** Keep the files (static/ and pictures) a screen uses, each once. */
async function keepFiles(html) {
  const files = await caches.open(FILES);
  for (const [, found] of html.matchAll(/(?:src|href)="(\/(?:static|pictures)\/[^"#]+)"/g)) {
    const file = found.replaceAll("&amp;", "&");
    if (!(await files.match(file))) await files.add(file).catch(() => {});
  }
}

/** Keep one screen and the files it uses; false when the server did not give it. A screen already
 * kept is asked for with its ETag, and stays as it is when the server answers 304 (not changed). */
async function copy(pages, url) {
  const kept = await pages.match(url);
  const etag = kept && kept.headers.get("ETag");
  let response;
  try {
    response = await fetch(url, { headers: etag ? { ...MINE, "If-None-Match": etag } : MINE, cache: "no-store" });
  } catch {
    return false;
  }
  if (response.status === 304 && kept) return true;
  if (!response.ok || response.redirected) return false;
  await pages.put(url, response.clone());
  await keepFiles(await response.text());
  return true;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/") || url.pathname.startsWith("/pictures/")) {
    event.respondWith(url.searchParams.has("v") ? keptOrFromNetwork(request) : fromNetworkOrKept(event, FILES, false));
  } else if (request.mode === "navigate" && (url.pathname === "/" || url.pathname.startsWith("/conversations/"))) {
    event.respondWith(fromNetworkOrKept(event, PAGES, true));
  }
});

/** A file whose address names its version never changes: the copy kept, else the network's (kept). */
async function keptOrFromNetwork(request) {
  const files = await caches.open(FILES);
  const kept = await files.match(request);
  if (kept) return kept;
  try {
    const response = await fetch(request);
    if (response.ok) await files.put(request, response.clone());
    return response;
  } catch {
    return (await files.match(request, { ignoreSearch: true })) || Response.error();
  }
}

/** The network's answer, refreshing a kept copy; with no network, the kept copy. Pages are only
 * refreshed when already kept, so no one else's pages are kept on a shared tablet, and only served
 * with no connection while the session that kept them may be alive. */
async function fromNetworkOrKept(event, cacheName, isPage) {
  const request = event.request;
  const cache = await caches.open(cacheName);
  const key = isPage ? new URL(request.url).pathname : request;
  let response;
  try {
    response = await fetch(request);
  } catch {
    if (isPage && !mayBeAlive(await sessionOf(cache))) {
      await forgetPages();
      return Response.error();
    }
    const kept = (await cache.match(key, { ignoreSearch: true })) || (isPage && (await cache.match(OFFLINE_PAGE)));
    return kept || Response.error();
  }
  // A page that sends the browser elsewhere may be sending it to sign in: ask, without waiting.
  if (isPage && response.type === "opaqueredirect") event.waitUntil(checkSignedIn().catch(() => {}));
  if (response.ok && !response.redirected && (!isPage || (await cache.match(key)))) {
    await cache.put(key, response.clone());
    if (isPage) {
      justKept.set(key, Date.now());
      await seen(cache);
    }
  }
  return response;
}
