// On every page of a signed-in person:
//  - the status line: whether what was typed on this tablet is saved on the server, waiting to be
//    sent, or failed and why (templates/_outbox_status.html holds the words);
//  - sending what waits, every few seconds and as soon as the connection comes back;
//  - for an expert by experience, keeping the conversation screens for use with no connection;
//  - on a shared tablet, signing out first sends what waits, or asks before deleting it, and leaves
//    no conversation content in the browser.

import * as outbox from "./outbox.mjs";

const SEND_EVERY_MS = 3000;

export function initOutbox(status) {
  if (!status) return; // not signed in
  const words = status.dataset;
  const text = status.querySelector(".app-outbox__text");
  // On conversation screens the line always says something, "saved" included.
  const always = Boolean(document.querySelector("form[data-autosave-url], form[data-offline-next]"));
  let shown = null;

  const stateOf = (entries, problem, others) => {
    if (problem && problem.kind !== "offline") return problem.kind;
    if (!outbox.waiting(entries).length) return others ? "others" : "saved";
    return problem || !navigator.onLine ? "offline" : "sending";
  };

  // `entries` are the signed-in person's; `others`, whether someone else's words wait here too.
  const show = (entries, problem, others) => {
    const state = stateOf(entries, problem, others);
    status.hidden = state === "saved" && !always;
    status.dataset.state = state;
    const link = linkFor(state, problem);
    const said = `${state}|${link ? link.href : ""}`;
    if (said === shown) return; // the same words are not announced again
    shown = said;
    text.textContent = words[`${state}Text`] || "";
    if (link) {
      const anchor = document.createElement("a");
      anchor.className = "govuk-link";
      anchor.href = link.href;
      anchor.textContent = link.text;
      text.append(" ", anchor);
    }
  };

  const linkFor = (state, problem) => {
    const here = location.pathname + location.search;
    if (state === "signin") {
      return { href: `${words.loginUrl}?next=${encodeURIComponent(here)}`, text: words.signinLink };
    }
    const page = problem && problem.entry && problem.entry.page;
    if (["conflict", "invalid", "closed"].includes(state) && page && page !== location.pathname) {
      return { href: page, text: words[`${state}Link`] };
    }
    return null;
  };

  outbox.onChange(async (entries, problem) => show(entries, problem, await outbox.othersWaiting()));
  const showNow = async () => {
    const entries = await outbox.all();
    show(entries, outbox.lastProblem(), await outbox.othersWaiting());
    return entries;
  };
  const sendIfWaiting = async () => {
    const entries = await showNow();
    if (outbox.waiting(entries).length && navigator.onLine) await outbox.send();
  };
  window.addEventListener("online", sendIfWaiting);
  window.addEventListener("offline", showNow);
  setInterval(sendIfWaiting, SEND_EVERY_MS);
  sendIfWaiting();

  keepForOffline(words);
  guardSignOut(
    document.querySelector("form[data-sign-out]"),
    document.getElementById("sign-out-check"),
    () => text.textContent,
  );
}

function keepForOffline(words) {
  if (!words.serviceWorker || !("serviceWorker" in navigator) || !navigator.onLine) return;
  navigator.serviceWorker
    .register(words.serviceWorker, { scope: "/" })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => registration.active.postMessage({ type: "keep", url: words.keepOffline }))
    .catch(() => {}); // without a service worker, conversations still work with a connection
}

/** Ask the worker to bring the kept screens up to date now: after a change every screen shows (bigger
 * text, say), so that with no connection the screens look as the person chose. */
export function keepAgain() {
  const status = document.querySelector("[data-keep-offline]");
  if (status) keepForOffline(status.dataset);
}

/** Delete everything this site keeps in the browser: what was typed, the kept screens, the worker. */
async function forgetEverything() {
  await outbox.discardAll();
  if ("caches" in window) for (const name of await caches.keys()) await caches.delete(name);
  if ("serviceWorker" in navigator) {
    for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
  }
}

function guardSignOut(form, dialog, reason) {
  if (!form || !dialog || typeof dialog.showModal !== "function") return;
  // Signing out deletes what anyone left here, so what others typed counts too.
  const nothingWaiting = async () => !outbox.waiting(await outbox.everything()).length;
  const leave = async () => {
    await forgetEverything();
    form.submit(); // does not fire "submit" again
  };
  const why = dialog.querySelector(".app-sign-out-check__why");
  // Signing out ends the session on the server: with no connection it cannot, so it is not offered.
  const explain = () => {
    why.textContent = reason();
    dialog.querySelector(".app-sign-out-check__later").hidden = navigator.onLine;
    dialog.querySelector("button[data-choice=delete]").hidden = !navigator.onLine;
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!(await nothingWaiting())) await outbox.send();
    if ((await nothingWaiting()) && navigator.onLine) return leave();
    explain();
    dialog.showModal();
  });
  dialog.addEventListener("click", async (event) => {
    const choice = event.target.closest("button[data-choice]");
    if (!choice) return;
    if (choice.dataset.choice === "stay") return dialog.close();
    if (choice.dataset.choice === "delete") return leave();
    await outbox.send();
    if ((await nothingWaiting()) && navigator.onLine) return leave();
    explain();
  });
}
