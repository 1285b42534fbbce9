// The warning before an idle session ends (WCAG 2.2.1 Timing adjustable).
//
// It follows the server's idle clock, not the time since the page loaded: anything that reaches the
// server (an autosave, another page, another tab, the tablet's outbox) moves that clock, so before
// it opens the warning asks the server how long is left (/session/status, which does not move the
// clock). A person whose typing is being saved never sees it.
//
// When it must open, it takes no keys meant for the page: while someone is typing (a key in the
// last few seconds) it opens without taking the focus, and a live region says it; otherwise it
// opens as a modal dialog. It says the time really left, in the person's language (the server's
// words). "Stay signed in" restarts the clock without leaving the page; once the session has ended,
// it and "Sign in again" lead to the sign-in page and then back to this screen.

import { postForm } from "./outbox.mjs";

const TYPING_MS = 5000; // a key pressed this recently means the person is typing
const ASK_AGAIN_MS = 10000; // while the warning is open, or with no connection

export function initSessionWarning(dialog) {
  if (!dialog || typeof dialog.showModal !== "function") return;
  const warnMs = Number(dialog.dataset.warnSeconds) * 1000;
  const title = dialog.querySelector("#session-warning-title");
  const text = dialog.querySelector("#session-warning-text");
  const form = dialog.querySelector("form");
  const again = dialog.querySelector(".app-session-warning__again");
  const said = document.getElementById("session-warning-said");
  let timer;
  let lastKey = 0;

  const typing = () => Date.now() - lastKey < TYPING_MS;
  for (const event of ["keydown", "input"]) document.addEventListener(event, () => (lastKey = Date.now()), true);

  const later = (ms, then) => {
    clearTimeout(timer);
    timer = setTimeout(then, Math.max(ms, 1000));
  };

  const warningTitle = title.textContent;
  const open = () => {
    if (dialog.open) return false;
    // Opening it with show() or showModal() would move the focus into it, and the next key with it.
    if (typing()) dialog.setAttribute("open", "");
    else dialog.showModal();
    return true;
  };
  // A modal dialog is read out as the focus moves into it; one opened beside the typing is said here.
  const announce = () => {
    said.textContent = dialog.matches(":modal") ? "" : `${title.textContent} ${text.textContent}`;
  };
  const close = () => {
    if (dialog.open) dialog.close();
    said.textContent = "";
  };

  const ended = () => {
    clearTimeout(timer);
    title.textContent = dialog.dataset.endedTitle;
    text.textContent = dialog.dataset.endedText;
    form.hidden = true;
    again.hidden = false;
    open();
    announce();
    if (dialog.matches(":modal")) again.focus();
  };

  // Ask the server how long is left; warn, or wait until it is nearly time.
  const ask = async () => {
    if (!navigator.onLine) return later(ASK_AGAIN_MS, ask); // the session cannot be extended now anyway
    let response;
    try {
      response = await fetch(dialog.dataset.statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch {
      return later(ASK_AGAIN_MS, ask);
    }
    if (response.status === 401) return ended();
    if (!response.ok) return later(ASK_AGAIN_MS, ask);
    follow(await response.json());
  };

  const follow = ({ seconds_left: left, text: words }) => {
    title.textContent = warningTitle; // signed in again meanwhile (in another tab, say)
    form.hidden = false;
    again.hidden = true;
    if (left * 1000 > warnMs) {
      close();
      return later(left * 1000 - warnMs, ask);
    }
    text.textContent = words;
    if (open()) announce();
    later(Math.min(left * 1000 + 1000, ASK_AGAIN_MS), ask);
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    let response;
    try {
      response = await postForm(form);
    } catch {
      return; // no connection: the warning stays, and the line at the top says so
    }
    if (!response.ok) return location.assign(again.href); // the session has ended: sign in, then back here
    follow(await response.json());
  });

  // A tablet that slept ran no timers: ask at once when the screen is back.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") ask();
  });
  later(Number(dialog.dataset.secondsLeft) * 1000 - warnMs, ask);
}
