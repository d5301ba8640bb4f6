// The review page: collections and documents on the left (library.js), the document in the middle
// (viewer.js), search, ask and extract on the right (tools.js). Everything goes through Folio's JSON API
// (api.js); nothing leaves Folio's origin.

import { apiKey, setApiKey } from "./api.js";
import { DocumentViewer } from "./viewer.js";
import { $, act, clearError, say, showError } from "./ui.js";
import { initLibrary, loadCollections, loadDocuments } from "./library.js";
import { initTools } from "./tools.js";

const viewer = new DocumentViewer($("#viewer"));
initLibrary(viewer);
initTools(viewer);

// The API key: kept in this tab's session storage, sent as a bearer token by api.js.
$("#api-key").value = apiKey();
$("#key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  setApiKey($("#api-key").value.trim());
  say(apiKey() ? "The API key is set for this tab." : "No API key is set.");
  loadDocuments().catch(showError);
});
$("#key-clear").addEventListener("click", () => {
  setApiKey("");
  $("#api-key").value = "";
  say("The API key is forgotten.");
});
$("#error-close").addEventListener("click", clearError);

window.addEventListener("unhandledrejection", (event) => showError(event.reason));
act(null, async () => {
  await loadDocuments();
  await loadCollections();
});
document.body.dataset.ready = "true";
