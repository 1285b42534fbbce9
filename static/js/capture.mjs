// Conversation screens, progressive enhancement only: without this script every screen still
// works, and every button saves.
//  - Autosave: while the expert by experience types, the rating, notes and quotes are saved in the
//    background every few seconds, with a visible status. The answer's version travels with each
//    save; a stale save is refused by the server (409) and nothing is overwritten.
//  - Listen: reads the question aloud with the browser's speech synthesis, shown only when the
//    browser has a voice for the conversation's language.

const SAVE_EVERY_MS = 3000;

function autosave(form) {
  const status = form.querySelector(".app-saved");
  const version = form.querySelector("input[name=version]");
  const csrf = document.querySelector("input[name=csrf_token]");
  let dirty = false;
  let busy = false;
  let stopped = false;
  let pendingSubmitter = null;

  const show = (state) => {
    if (status) status.textContent = status.dataset[`${state}Text`] || "";
  };
  const touched = (event) => {
    if (/^(notes|rating|quotes-\d+-(text|kind))$/.test(event.target.name)) dirty = true;
  };
  form.addEventListener("input", touched);
  form.addEventListener("change", touched);

  // A button pressed while a background save is on its way waits for it, so the page sends the
  // newest version and is not refused as stale.
  form.addEventListener("submit", (event) => {
    stopped = true;
    if (busy) {
      event.preventDefault();
      pendingSubmitter = event.submitter || null;
    }
  });

  // Each quote box: its stored id (empty until first saved), a client id, the text and the kind.
  const boxes = () =>
    [...form.querySelectorAll("textarea[name^=quotes-][name$=-text]")].map((text) => {
      const prefix = text.name.replace(/-text$/, "");
      return {
        text,
        id: form.querySelector(`input[name="${prefix}-id"]`),
        client: form.querySelector(`input[name="${prefix}-client_id"]`),
        kind: form.querySelector(`input[name="${prefix}-kind"]:checked`),
      };
    });
  const quotes = () =>
    boxes().map((box) => ({
      id: box.id && box.id.value ? Number(box.id.value) : null,
      client_id: box.client ? box.client.value || null : null,
      text: box.text.value,
      kind: box.kind ? box.kind.value : "verbatim",
    }));
  // A new quote saved in the background gets its id, so the button later changes it, not adds it.
  const remember = (saved) => {
    for (const box of boxes()) {
      const match = saved.find((q) => box.client && q.client_id && q.client_id === box.client.value);
      if (match && box.id) box.id.value = match.id;
    }
  };

  async function save() {
    if (!dirty || busy || stopped) return;
    dirty = false;
    busy = true;
    show("saving");
    const rating = form.querySelector("input[name=rating]:checked");
    const notes = form.querySelector("textarea[name=notes]");
    try {
      const response = await fetch(form.dataset.autosaveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
        body: JSON.stringify({
          version: Number(version.value || 0),
          notes: notes ? notes.value : "",
          rating: rating ? rating.value : null,
          quotes: quotes(),
        }),
      });
      if (response.ok) {
        const body = await response.json();
        version.value = body.version;
        remember(body.quotes || []);
        show("saved");
      } else if (response.status === 409) {
        stopped = true;
        show("conflict");
      } else {
        dirty = true;
        show("failed");
      }
    } catch {
      dirty = true;
      show("failed");
    } finally {
      busy = false;
      if (pendingSubmitter !== null || stopped) {
        const submitter = pendingSubmitter;
        pendingSubmitter = null;
        if (submitter) form.requestSubmit(submitter);
      }
    }
  }

  setInterval(save, SAVE_EVERY_MS);
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

const form = document.querySelector("form[data-autosave-url]");
if (form) autosave(form);
listen();
