// The warning before an idle session ends (WCAG 2.2.1 Timing adjustable): it opens a few minutes
// before the server would end the session, and "Stay signed in" restarts the server's idle clock
// without leaving the page. Without JavaScript the button's form does the same with a page load.

export function initSessionWarning(dialog) {
  if (!dialog || typeof dialog.showModal !== "function") return;
  const idle = Number(dialog.dataset.idleSeconds);
  const warn = Number(dialog.dataset.warnSeconds);
  const form = dialog.querySelector("form");
  let timer;

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => dialog.showModal(), Math.max(idle - warn, 1) * 1000);
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.ok) {
      dialog.close();
      schedule();
    } else {
      form.submit(); // the session has already ended: let the server show the sign-in page
    }
  });
  schedule();
}
