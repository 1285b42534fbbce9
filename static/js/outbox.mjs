// What is typed on this tablet, kept in IndexedDB until the server has it, and the one place that
// sends it. Nothing typed waits only in the page: closing the tab, a sleeping tablet or a browser
// restart loses nothing, and with no connection everything waits here until there is one.
//
// Two kinds of entry, sent in the order they were first made:
//  - "answer": one question's answer (rating, choice, notes, quotes), replaced as the person types, sent as
//    JSON to the question's save address. Each version typed has a change id made here. The entry
//    stays after the server has it, as a receipt: the version and change id the server stored, and
//    what was sent, so that a screen kept from before (with no connection) shows the newest words.
//  - "form": any other conversation form (who is there, consent, a worry, sending the answers),
//    sent once as the browser would send it; the server answers where to go next.
//
// Each entry belongs to the person signed in when it was typed, and is sent only while they are
// signed in: on a shared tablet, what one person typed waits for them, never sent as someone else's.
//
// A conversation's entries are sent in order: one that cannot go ("conflict", "invalid", "closed"),
// or that the server failed on ("failed", a 5xx: perhaps only that conversation's data trips it),
// holds back the rest of its conversation, not other conversations; a failed one is sent again at
// the next send. No connection or a session that ended ("offline", "signin"), or a server that
// cannot even give a form token, stops the whole send. Why it stopped is what the status line says.

import { openDB } from "../vendor/idb/index.js";

const NAME = "coproduce";
const STORE = "outbox";
let database;
const db = () =>
  (database ??= openDB(NAME, 1, {
    upgrade(d) {
      d.createObjectStore(STORE, { keyPath: "key" });
    },
  }));
// Reading does not make the database: pages of people who never type on this tablet leave none.
async function existing() {
  if (!database && indexedDB.databases && !(await indexedDB.databases()).some((d) => d.name === NAME)) return null;
  return db();
}

let counter = 0;
const nextSeq = () => Date.now() * 1000 + (counter++ % 1000);
const newId = () => crypto.randomUUID();

const listeners = new Set();
let problem = null; // why the last send stopped: {kind, entry}
export const lastProblem = () => problem;
export function onChange(listener) {
  listeners.add(listener);
}
async function announce(event = {}) {
  const entries = await all();
  for (const listener of listeners) listener(entries, problem, event);
}

/** Every entry on this tablet, whoever typed it, oldest first. */
export async function everything() {
  const d = await existing();
  const entries = d ? await d.getAll(STORE) : [];
  return entries.sort((a, b) => a.seq - b.seq);
}

const config = () => document.getElementById("outbox-status")?.dataset || {};
const me = () => config().user || "";
// Signed out (the sign-in page), every entry counts: the page says what waits to be sent.
const isMine = (entry) => !me() || entry.owner === me();

/** The entries of the person signed in, oldest first. */
export async function all() {
  return (await everything()).filter(isMine);
}

/** Entries that have not reached the server yet (receipts are not waiting). */
export const waiting = (entries) => entries.filter((e) => e.kind === "form" || e.pending);

/** Whether someone other than the person signed in left words on this tablet that wait to be sent. */
export async function othersWaiting() {
  return waiting((await everything()).filter((entry) => !isMine(entry))).length > 0;
}

export async function get(key) {
  const d = await existing();
  return d ? d.get(STORE, key) : undefined;
}

async function change(key, make) {
  const tx = (await db()).transaction(STORE, "readwrite");
  const next = make(await tx.store.get(key));
  if (next) await tx.store.put(next);
  else await tx.store.delete(key);
  await tx.done;
  return next;
}

export const answerKey = (conversation, question) => `answer:${me()}:${conversation}:${question}`;

/** Keep what the answer form holds now. `version` is the answer's version on the page. */
export async function keepAnswer({ conversation, question, url, page, version, answer }) {
  const key = answerKey(conversation, question);
  const entry = await change(key, (old) => ({
    key,
    kind: "answer",
    owner: me(),
    seq: old && old.pending ? old.seq : nextSeq(),
    conversation,
    question,
    url,
    page,
    // A draft is based on the version it started from; a new draft on the newest version known.
    baseVersion: old && old.pending ? old.baseVersion : Math.max(old ? old.baseVersion : 0, version),
    lastSent: old ? old.lastSent : null,
    changeId: newId(),
    answer,
    pending: true,
    conflict: old && old.pending ? old.conflict : null,
  }));
  announce();
  return entry;
}

/** Keep a form to send; `fields` are its [name, value] pairs, `page` the screen it is on. */
export async function keepForm({ url, page, fields }) {
  const key = `form:${newId()}`;
  const entry = await change(key, () => ({
    key,
    kind: "form",
    owner: me(),
    seq: nextSeq(),
    url,
    page,
    fields,
    changeId: newId(),
  }));
  announce();
  return entry;
}

/** The person chose which text to keep after a conflict: "mine" sends this tablet's, "theirs" takes
 * the other tablet's (and returns it, for the page to show). */
export async function resolve(key, keep) {
  const entry = await change(key, (old) => {
    if (!old || !old.conflict) return old;
    const theirs = old.conflict;
    if (keep === "mine") return { ...old, baseVersion: theirs.version, conflict: null };
    return {
      ...old,
      baseVersion: theirs.version,
      pending: false,
      conflict: null,
      answer: { rating: theirs.rating, choice: theirs.choice, notes: theirs.notes, quotes: theirs.quotes },
    };
  });
  if (problem && problem.entry.key === key) problem = null;
  announce();
  return entry;
}

export async function forget(key) {
  await change(key, () => null);
  if (problem && problem.entry.key === key) problem = null;
  announce();
}

/** Delete everything kept on this tablet (on sign-out). */
export async function discardAll() {
  if (database) (await database).close();
  database = undefined;
  await new Promise((done) => {
    const request = indexedDB.deleteDatabase(NAME);
    request.onsuccess = request.onerror = request.onblocked = () => done();
  });
  problem = null;
}

class Stop extends Error {
  constructor(kind, entry = null) {
    super(kind);
    this.kind = kind;
    this.entry = entry;
  }
}

async function request(url, options) {
  try {
    return await fetch(url, {
      credentials: "same-origin",
      cache: "no-store",
      ...options,
      headers: { Accept: "application/json", ...(options.headers || {}) },
    });
  } catch {
    throw new Stop("offline");
  }
}

/** Post a form as the browser would, asking for the server's answer as JSON (the forms that a
 * script sends and follows itself). Rejects with no connection, as fetch does. */
export const postForm = (form) =>
  fetch(form.action, {
    method: "POST",
    body: new FormData(form),
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  });

/** A fresh form token from the server; throws when signed out or with no connection. */
export async function freshToken() {
  const response = await request(config().tokenUrl, { method: "GET" });
  if (response.status === 401) throw new Stop("signin");
  if (!response.ok) throw new Stop("failed");
  return (await response.json()).csrf_token;
}

let running = null;
let again = null;
/** Send everything waiting, in order. Resolves to {problem, done, stops}: done maps each form entry
 * sent to {next: where the server says to go, page: the screen it was sent from}; stops maps each
 * entry that held back its conversation to why; problem is what the status line says. One send at a time:
 * asked during a send, it sends again after it, so what was kept meanwhile goes too. */
export function send() {
  if (!running) {
    running = sendAll().finally(() => {
      running = null;
    });
    return running;
  }
  again ??= running.then(() => {
    again = null;
    return send();
  });
  return again;
}

// What holds back only the rest of its own conversation.
const CONVERSATION_PROBLEMS = new Set(["conflict", "invalid", "closed"]);
// A server error on one entry holds back its conversation only; one with no entry (the form token)
// stops the whole send.
const holdsBackOnlyItsConversation = (stop) =>
  CONVERSATION_PROBLEMS.has(stop.kind) || (stop.kind === "failed" && stop.entry !== null);
const conversationOf = (entry) =>
  String(entry.conversation ?? entry.url.match(/\/conversations\/(\d+)/)?.[1] ?? entry.url);

async function sendAll() {
  const done = new Map();
  const held = new Map(); // conversation -> the Stop that holds back the rest of its entries
  let stopped = null;
  let token = null;
  problem = null;
  try {
    for (const entry of waiting(await all())) {
      const conversation = conversationOf(entry);
      if (held.has(conversation)) continue;
      try {
        if (entry.conflict) throw new Stop("conflict", entry);
        token ??= await freshToken();
        token = await sendOne(entry, token, done);
      } catch (error) {
        if (!(error instanceof Stop) || !holdsBackOnlyItsConversation(error)) throw error;
        held.set(conversation, error);
      }
    }
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    stopped = error;
  }
  stopped ??= held.values().next().value;
  problem = stopped ? { kind: stopped.kind, entry: stopped.entry } : null;
  await announce({ done });
  const stops = new Map([...held.values()].map((stop) => [stop.entry.key, stop.kind]));
  return { problem, done, stops };
}

/** Send one entry (with one retry on a stale form token); returns the token to use next. */
async function sendOne(entry, token, done) {
  for (let attempt = 0; ; attempt += 1) {
    const response = entry.kind === "answer" ? await sendAnswer(entry, token) : await sendForm(entry, token);
    if (response.status === 400 && attempt === 0) {
      const body = await response.clone().json().catch(() => ({}));
      if (body.error === "csrf") {
        token = await freshToken();
        continue;
      }
    }
    await settle(entry, response, done);
    return token;
  }
}

function sendAnswer(entry, token) {
  return change(entry.key, (stored) => stored && { ...stored, lastSent: entry.changeId }).then(() =>
    request(entry.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({
        ...entry.answer,
        version: entry.baseVersion,
        change_id: entry.changeId,
        after_change: entry.lastSent,
      }),
    }),
  );
}

function sendForm(entry, token) {
  const body = new URLSearchParams(entry.fields);
  body.set("csrf_token", token);
  return request(entry.url, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-CSRFToken": token,
      "X-Coproduce-Send": "background",
      "X-Change-Id": entry.changeId,
    },
    body,
  });
}

async function settle(entry, response, done) {
  if (response.status === 401) throw new Stop("signin", entry);
  if (response.status >= 500) throw new Stop("failed", entry);
  const body = await response.json().catch(() => ({}));
  if (entry.kind === "form") {
    if (!response.ok) throw new Stop([403, 404].includes(response.status) ? "closed" : "invalid", entry);
    await forget(entry.key);
    done.set(entry.key, { next: body.next, page: entry.page });
    return;
  }
  if (response.ok) {
    // A receipt: what the server stored. Typing since the send is still waiting, on the new version.
    await change(entry.key, (stored) =>
      stored && stored.changeId === entry.changeId
        ? { ...stored, baseVersion: body.version, pending: false }
        : stored && { ...stored, baseVersion: body.version },
    );
    await announce({ saved: { key: entry.key, version: body.version, quotes: body.quotes || [] } });
    return;
  }
  if (response.status === 409 && body.error === "conflict") {
    await change(entry.key, (stored) => stored && { ...stored, conflict: body });
    throw new Stop("conflict", entry);
  }
  // Sent or closed meanwhile (409), or no longer this person's (403, 404): kept, not added.
  throw new Stop([403, 404, 409].includes(response.status) ? "closed" : "invalid", entry);
}
