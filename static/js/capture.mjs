// Conversation screens, progressive enhancement only: without this script every screen still
// works, and every button saves through the server.
// With it, what is typed is kept on the tablet first (outbox.mjs) and sent from there, so that
// nothing is lost with no connection, a sleeping tablet or a session that ended:
//  - the answer form keeps its words as they are typed, and its buttons move on at once;
//  - other forms are sent in the background; with no connection they wait and the next screen
//    (kept by the service worker) opens;
//  - a screen kept from before shows what was typed since;
//  - an answer also changed on another tablet shows both texts and asks which to keep;
//  - Listen reads the question aloud when the browser has a voice for the language.

import * as outbox from "./outbox.mjs";
import { keepAgain } from "./outbox-status.mjs";

const LIMIT = 20000; // characters in a text box (the server says so too, with an error message)
const WAIT_FOR_SEND_MS = 3000;

/** Words a person typed, shown as text (never as markup), in their own direction. */
function userText(words) {
  const paragraph = document.createElement("p");
  paragraph.className = "govuk-body app-user-text";
  paragraph.dir = "auto";
  paragraph.textContent = words;
  return paragraph;
}

function answerForm(form) {
  const { conversation, question } = form.dataset;
  const key = outbox.answerKey(conversation, question);
  const version = form.querySelector("input[name=version]");
  const conflict = document.getElementById("conflict");

  const boxes = () => [...form.querySelectorAll(".app-quote")];
  const field = (box, name) => box.querySelector(`[name$="-${name}"]`);
  const read = () => {
    const rating = form.querySelector("input[name=rating]:checked");
    const choice = form.querySelector("input[name=choice]:checked");
    const notes = form.querySelector("textarea[name=notes]");
    return {
      rating: rating ? rating.value : null,
      choice: choice ? choice.value : null,
      notes: notes ? notes.value : "",
      quotes: boxes().map((box) => ({
        id: field(box, "id").value ? Number(field(box, "id").value) : null,
        client_id: field(box, "client_id").value || null,
        text: field(box, "text").value,
        kind: (box.querySelector("input[name$=-kind]:checked") || { value: "verbatim" }).value,
      })),
    };
  };

  const fill = (answer) => {
    for (const radio of form.querySelectorAll("input[name=rating]")) radio.checked = radio.value === answer.rating;
    for (const radio of form.querySelectorAll("input[name=choice]")) radio.checked = radio.value === answer.choice;
    const notes = form.querySelector("textarea[name=notes]");
    if (notes) notes.value = answer.notes || "";
    const quotes = answer.quotes || [];
    if (!boxes().length) return;
    while (boxes().length < quotes.length + 1) addBox();
    boxes().forEach((box, index) => {
      const quote = quotes[index];
      if (quote && quote.id != null) {
        field(box, "id").value = quote.id;
        field(box, "client_id").value = quote.client_id || field(box, "client_id").value;
      } else if (quote && quote.client_id && field(box, "client_id").value !== quote.client_id) {
        field(box, "id").value = ""; // a quote this tablet added, not on the server yet
        field(box, "client_id").value = quote.client_id;
      }
      field(box, "text").value = quote ? quote.text : ""; // an emptied box with an id removes that quote
      const kind = quote ? quote.kind : "verbatim";
      for (const radio of box.querySelectorAll("input[name$=-kind]")) radio.checked = radio.value === kind;
    });
  };

  // A new quote box: a copy of the last, with the next number.
  const addBox = () => {
    const last = boxes().at(-1);
    const number = boxes().length;
    const box = last.cloneNode(true);
    for (const element of box.querySelectorAll("[id], [name], [for], [aria-describedby]")) {
      for (const attribute of ["id", "name", "for", "aria-describedby"]) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.replace(/quotes-\d+-/g, `quotes-${number}-`));
      }
    }
    const label = box.querySelector(`label[for="quotes-${number}-text"]`);
    if (label) label.textContent = label.textContent.replace(/\d+/, String(number + 1));
    field(box, "id").value = "";
    field(box, "client_id").value = crypto.randomUUID().replaceAll("-", "");
    field(box, "text").value = "";
    for (const radio of box.querySelectorAll("input[name$=-kind]")) radio.checked = radio.value === "verbatim";
    last.after(box);
    return box;
  };

  const keep = (extra = {}) =>
    outbox.keepAnswer({
      conversation,
      question,
      url: form.dataset.autosaveUrl,
      page: location.pathname,
      version: Number(version.value || 0),
      answer: { ...read(), ...extra },
    });

  form.addEventListener("input", () => keep());
  form.addEventListener("change", () => keep());
  // Typed before this script ran: keep it now.
  const changed = [...form.elements].some((element) =>
    element.type === "radio" || element.type === "checkbox"
      ? element.checked !== element.defaultChecked
      : "defaultValue" in element && element.value !== element.defaultValue,
  );
  if (changed) keep();

  form.addEventListener("submit", async (event) => {
    const button = event.submitter;
    const tooLong = [...form.querySelectorAll("textarea")].some((box) => box.value.length > LIMIT);
    if (tooLong || !button) return; // the server says what is wrong
    event.preventDefault();
    if (button.name === "add_quote") {
      const blank = boxes().find((box) => !field(box, "text").value.trim());
      field(blank || addBox(), "text").focus();
      return;
    }
    await keep({ skipped: button.name === "skip" });
    // With a connection the next screen shows the answer sent; without one, it opens at once.
    await Promise.race([outbox.send(), new Promise((wait) => setTimeout(wait, WAIT_FOR_SEND_MS))]);
    location.assign(button.name === "back" ? form.dataset.backUrl : form.dataset.nextUrl);
  });

  // Both texts after a conflict, as text (never as markup), and the choice.
  const describe = (answer) => {
    const parts = [];
    for (const name of ["rating", "choice"]) {
      if (!answer[name]) continue;
      const radio = form.querySelector(`input[name=${name}][value="${CSS.escape(answer[name])}"]`);
      if (radio && radio.labels.length) parts.push(radio.labels[0].textContent.trim());
    }
    if (answer.notes) parts.push(answer.notes);
    for (const quote of answer.quotes || []) if (quote.text.trim()) parts.push(`“${quote.text}”`);
    return parts.map(userText);
  };
  const showConflict = (entry) => {
    if (!conflict) return;
    const wasHidden = conflict.hidden;
    conflict.querySelector(".app-conflict__mine").replaceChildren(...describe(entry.answer));
    conflict.querySelector(".app-conflict__theirs").replaceChildren(...describe(entry.conflict));
    conflict.hidden = false;
    if (wasHidden) conflict.focus();
  };
  conflict?.addEventListener("click", async (event) => {
    const choice = event.target.closest("button[data-keep]");
    if (!choice) return;
    const entry = await outbox.resolve(key, choice.dataset.keep);
    conflict.hidden = true;
    if (entry && choice.dataset.keep === "theirs") {
      fill(entry.answer);
      version.value = entry.baseVersion;
    }
    outbox.send();
  });

  outbox.onChange((entries, _problem, event) => {
    if (event.saved && event.saved.key === key) {
      version.value = event.saved.version;
      for (const box of boxes()) {
        const match = event.saved.quotes.find((q) => q.client_id && q.client_id === field(box, "client_id").value);
        if (match) field(box, "id").value = match.id;
      }
    }
    const mine = entries.find((entry) => entry.key === key);
    if (mine && mine.conflict) showConflict(mine);
  });

  // A screen kept from before (or the server's, if this tablet's words have not reached it yet)
  // shows this tablet's newest words.
  outbox.get(key).then((kept) => {
    if (kept && !changed && (kept.pending || kept.baseVersion > Number(version.value || 0))) fill(kept.answer);
    if (kept && kept.conflict) showConflict(kept);
    form.dataset.enhanced = "true"; // from here on, what is typed is kept on the tablet
  });
}

function backgroundForm(form) {
  const nextWithNoConnection = (fields) => {
    const declined = form.dataset.offlineNextDeclined;
    const consent = fields.find(([name]) => name === "consent");
    return declined && (!consent || consent[1] !== "yes") ? declined : form.dataset.offlineNext;
  };

  // A screen kept from before shows what was chosen on it and not sent yet.
  outbox.all().then((entries) => {
    const kept = entries.filter((entry) => entry.kind === "form" && entry.url === form.action).at(-1);
    if (kept) restore(form, kept.fields);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const fields = [...new FormData(form, event.submitter)].filter(([name]) => name !== "csrf_token");
    const entry = await outbox.keepForm({ url: form.action, page: location.pathname, fields });
    const { problem, done, stops } = await outbox.send();
    if (done.has(entry.key)) return location.assign(done.get(entry.key).next);
    if (stops.get(entry.key) === "invalid") {
      // The server shows what needs changing, the ordinary way, with everything still filled in.
      await outbox.forget(entry.key);
      form.querySelector("input[name=csrf_token]").value = await outbox.freshToken();
      return HTMLFormElement.prototype.submit.call(form);
    }
    if (problem && problem.kind !== "offline") return; // the status line says why, and what to do
    location.assign(nextWithNoConnection(fields));
  });
}

function restore(form, fields) {
  const names = new Set(fields.map(([name]) => name));
  for (const element of form.elements) {
    if (!names.has(element.name) || element.type === "hidden" || element.type === "submit") continue;
    const values = fields.filter(([name]) => name === element.name).map(([, value]) => value);
    if (element.type === "radio" || element.type === "checkbox") element.checked = values.includes(element.value);
    else element.value = values[0];
  }
}

// After signing in again, a form kept on this screen is sent: go where the server says.
outbox.onChange((_entries, _problem, event) => {
  for (const { next, page } of (event.done || new Map()).values()) {
    if (page === location.pathname && next && next !== location.pathname) return location.assign(next);
  }
});

// Bigger text, changed in place: the person stays where they were, the focus on the switch. The
// choice is kept by the server (for the next screens); with no connection, say so instead of failing.
for (const form of document.querySelectorAll("form[data-needs-connection]")) {
  const noConnection = () => {
    const note = form.querySelector(".app-needs-connection");
    if (note) note.hidden = false;
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!navigator.onLine) return noConnection();
    let response;
    try {
      response = await outbox.postForm(form);
    } catch {
      return noConnection();
    }
    // Signed out, or an old form token: the ordinary way (a page) says what to do.
    if (!response.ok) return HTMLFormElement.prototype.submit.call(form);
    const { easy_read: on } = await response.json();
    document.querySelector(".app-capture")?.classList.toggle("app-capture--easy-read", on);
    form.querySelector("button").setAttribute("aria-pressed", String(on));
    keepAgain();
  });
}

// The check screen: answers typed on this tablet and not yet on the server, under their question.
function keptOnCheck(list) {
  outbox.all().then((entries) => {
    for (const entry of entries) {
      if (entry.kind !== "answer" || entry.conversation !== list.dataset.conversation) continue;
      const heading = document.getElementById(`answer-${entry.question}`);
      if (!heading || !(entry.pending || entry.baseVersion > Number(heading.dataset.version))) continue;
      const inset = document.createElement("div");
      inset.className = "govuk-inset-text";
      const title = document.createElement("p");
      title.className = "govuk-body govuk-!-font-weight-bold";
      title.textContent = list.dataset.keptText;
      inset.append(title);
      const words = [entry.answer.notes, ...(entry.answer.quotes || []).map((quote) => quote.text)];
      inset.append(...words.filter((w) => w && w.trim()).map(userText));
      heading.after(inset);
    }
  });
}

function listen() {
  if (!("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") return;
  const buttons = [...document.querySelectorAll("button[data-listen-lang]")];
  if (!buttons.length) return;

  const offer = () => {
    const voices = window.speechSynthesis.getVoices();
    for (const button of buttons) {
      const wanted = button.dataset.listenLang.toLowerCase();
      const voice = voices.find((v) => v.lang.toLowerCase().split(/[-_]/)[0] === wanted);
      if (!voice) continue;
      button.hidden = false;
      button.onclick = () => {
        const target = document.getElementById(button.dataset.listenTarget);
        window.speechSynthesis.cancel();
        const utterance = new SpeechSynthesisUtterance(target ? target.textContent : "");
        utterance.voice = voice;
        utterance.lang = voice.lang;
        window.speechSynthesis.speak(utterance);
      };
    }
  };
  offer();
  window.speechSynthesis.addEventListener("voiceschanged", offer);
}

const answers = document.querySelector("form[data-autosave-url]");
if (answers) answerForm(answers);
for (const form of document.querySelectorAll("form[data-offline-next]")) backgroundForm(form);
const check = document.querySelector(".app-check[data-conversation]");
if (check) keptOnCheck(check);
listen();
