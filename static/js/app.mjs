// Progressive enhancement only: every page works without this script.
import { initAll } from "../vendor/govuk/govuk-frontend.min.js";
import { initOutbox } from "./outbox-status.mjs";
import { initSessionWarning } from "./session-warning.mjs";

initAll();
initSessionWarning(document.getElementById("session-warning"));
initOutbox(document.getElementById("outbox-status"));
