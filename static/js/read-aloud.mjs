// Read aloud (progressive enhancement): a button beside each easy-read idea speaks its text in the
// page's language with the device's own voices. Without JavaScript or speech, nothing is added.
const speech = window.speechSynthesis;

if (speech && "SpeechSynthesisUtterance" in window) {
  const lang = document.documentElement.lang;
  for (const item of document.querySelectorAll("[data-read-aloud]")) {
    const text = item.querySelector(".app-easy-read__text");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "govuk-button govuk-button--secondary app-read-aloud";
    button.textContent = item.dataset.readAloud;
    button.addEventListener("click", () => {
      speech.cancel();
      const words = text.querySelector("h3, p") || text;
      const utterance = new SpeechSynthesisUtterance(words.textContent.trim());
      utterance.lang = lang;
      speech.speak(utterance);
    });
    text.append(button);
  }
}
