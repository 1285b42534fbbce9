// Progressive enhancement only: every page works without this script.
import { initAll } from "../vendor/govuk/govuk-frontend.min.js";
import { initSessionWarning } from "./session-warning.mjs";

initAll();
initSessionWarning(document.getElementById("session-warning"));
