// Progressive enhancement for report downloads: a Word or PDF report takes a few seconds to make,
// so after a moment the page says so (in a role="status" line), then hands the file over. Without
// this script the links download the file as they are.
const MOMENT_MS = 600;

export function initDownloads(list, status) {
  if (!list || !status || !window.fetch) return;
  list.addEventListener("click", async (event) => {
    const link = event.target.closest("a[download]");
    if (!link) return;
    event.preventDefault();
    const timer = window.setTimeout(() => { status.textContent = status.dataset.text; }, MOMENT_MS);
    try {
      const response = await fetch(link.href, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
      const url = URL.createObjectURL(await response.blob());
      const save = document.createElement("a");
      save.href = url;
      save.download = name ? name[1] : "";
      document.body.append(save);
      save.click();
      save.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10000);
      status.textContent = status.dataset.done;
    } catch {
      window.location.href = link.href; // let the browser try, and show its own error
    } finally {
      window.clearTimeout(timer);
    }
  });
}

initDownloads(document.querySelector("[data-app-download]"), document.querySelector("[data-app-download-status]"));
