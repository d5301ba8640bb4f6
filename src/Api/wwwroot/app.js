// The review page: collections and documents on the left, the document in the middle, search, ask and
// extract on the right. Everything goes through Folio's JSON API (api.js); nothing leaves Folio's origin.

import { apiKey, setApiKey, request, describe } from "./api.js";
import { DocumentViewer } from "./viewer.js";

const $ = (selector) => document.querySelector(selector);
const pollMs = 500;
const exampleSchema = {
  type: "object",
  properties: {
    invoice_number: { type: ["string", "null"], description: "The invoice number as printed." },
    issue_date: { type: ["string", "null"], format: "date", description: "Invoice date, YYYY-MM-DD." },
    total: { type: ["number", "null"], description: "Amount due, including tax." },
  },
};

const viewer = new DocumentViewer($("#viewer"));
const state = { collection: "default", documents: new Map(), nextCursor: null, current: null, extraction: null };

// ---- messages -------------------------------------------------------------------------------------------

function showError(error) {
  const d = describe(error);
  $("#error-title").textContent = d.status ? `${d.title} (${d.status})` : d.title;
  $("#error-code").textContent = d.code ? d.code : "";
  $("#error-detail").textContent = d.detail ?? "";
  $("#error-fields").replaceChildren(...d.fields.map((f) => Object.assign(document.createElement("li"), { textContent: f })));
  $("#error").hidden = false;
  $("#error-close").focus();
}

function clearError() {
  $("#error").hidden = true;
}

function say(text) {
  $("#status").textContent = text;
}

/** Runs an action from a button or form: clears the last error, disables the control while it runs, shows any error. */
async function act(control, action) {
  clearError();
  if (control) {
    control.disabled = true;
    control.setAttribute("aria-busy", "true");
  }
  try {
    await action();
  } catch (e) {
    if (e.name !== "AbortError") {
      showError(e);
    }
  } finally {
    if (control) {
      control.disabled = false;
      control.removeAttribute("aria-busy");
    }
  }
}

// ---- API key ---------------------------------------------------------------------------------------------

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

// ---- collections and documents -----------------------------------------------------------------------------

function progressText(d) {
  if (d.status === "failed") {
    return `failed: ${d.error?.message ?? d.error?.code ?? "see GET /v1/documents/" + d.id}`;
  }
  if (d.status === "ready") {
    return `ready · ${d.pages} page(s) · ${d.chunks} chunks`;
  }
  const p = d.progress;
  return p && p.chunksTotal > 0 ? `${d.status} · ${p.stage} · ${p.chunksEmbedded}/${p.chunksTotal} chunks` : `${d.status} · ${p?.stage ?? ""}`;
}

function documentItem(d) {
  const item = document.createElement("li");
  item.className = `document status-${d.status}`;
  item.dataset.id = d.id;
  const open = document.createElement("button");
  open.type = "button";
  open.className = "open";
  open.textContent = d.fileName;
  open.disabled = d.status !== "ready";
  open.addEventListener("click", () => act(null, () => openDocument(d.id)));
  const status = document.createElement("span");
  status.className = "doc-status";
  status.textContent = progressText(d);
  const progress = document.createElement("progress");
  progress.max = Math.max(d.progress?.chunksTotal ?? 0, 1);
  progress.value = d.status === "ready" ? progress.max : d.progress?.chunksEmbedded ?? 0;
  progress.hidden = d.status === "ready" || d.status === "failed";
  progress.setAttribute("aria-label", `Ingestion of ${d.fileName}`);
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "delete";
  remove.textContent = "Delete";
  remove.setAttribute("aria-label", `Delete ${d.fileName}`);
  remove.addEventListener("click", () => act(remove, () => deleteDocument(d)));
  item.append(open, status, progress, remove);
  if (state.current?.id === d.id) {
    item.classList.add("selected");
    open.setAttribute("aria-current", "true");
  }
  return item;
}

function renderDocuments() {
  const list = $("#documents");
  list.replaceChildren(...[...state.documents.values()].map(documentItem));
  if (state.documents.size === 0) {
    const empty = document.createElement("li");
    empty.className = "empty";
    empty.textContent = `No documents in "${state.collection}" yet.`;
    list.append(empty);
  }
  $("#more-documents").hidden = !state.nextCursor;
}

async function loadCollections() {
  // Folio has no collection list of its own: the names come from the documents (up to 500 of them).
  const answer = await request("GET", "/v1/documents?limit=500");
  const names = new Set(answer.documents.map((d) => d.collection));
  names.add(state.collection);
  $("#collections").replaceChildren(...[...names].sort().map((name) => Object.assign(document.createElement("option"), { value: name })));
}

async function loadDocuments(more = false) {
  const cursor = more && state.nextCursor ? `&cursor=${encodeURIComponent(state.nextCursor)}` : "";
  const answer = await request("GET", `/v1/documents?collection=${encodeURIComponent(state.collection)}&limit=100${cursor}`);
  if (!more) {
    state.documents.clear();
  }
  for (const d of answer.documents) {
    state.documents.set(d.id, d);
  }
  state.nextCursor = answer.nextCursor ?? null;
  renderDocuments();
  for (const d of answer.documents) {
    if (d.status === "queued" || d.status === "processing") {
      watch(d.id);
    }
  }
}

const watched = new Set();

/** Polls a document until it is ready or failed, updating its row (ingestion progress). */
async function watch(id) {
  if (watched.has(id)) {
    return;
  }
  watched.add(id);
  try {
    while (state.documents.has(id)) {
      const d = await request("GET", `/v1/documents/${encodeURIComponent(id)}`);
      state.documents.set(id, d);
      const row = $(`#documents li[data-id="${CSS.escape(id)}"]`);
      if (row) {
        row.replaceWith(documentItem(d));
      }
      if (d.status === "ready" || d.status === "failed") {
        say(`${d.fileName} is ${d.status}.`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } catch (e) {
    showError(e);
  } finally {
    watched.delete(id);
  }
}

async function upload(files) {
  if (files.length === 0) {
    return;
  }
  const form = new FormData();
  for (const file of files) {
    form.append("file", file, file.name);
  }
  form.append("collection", state.collection);
  say(`Uploading ${files.length} file(s)…`);
  const answer = await request("POST", "/v1/documents", form);
  for (const u of answer.documents) {
    const d = await request("GET", `/v1/documents/${encodeURIComponent(u.id)}`);
    state.documents.set(d.id, d);
  }
  renderDocuments();
  say(`Uploaded ${answer.documents.length} file(s); ingesting.`);
  for (const u of answer.documents) {
    watch(u.id);
  }
  loadCollections().catch(() => {});
}

async function deleteDocument(d) {
  if (!window.confirm(`Delete ${d.fileName}?`)) {
    return;
  }
  await request("DELETE", `/v1/documents/${encodeURIComponent(d.id)}`);
  state.documents.delete(d.id);
  if (state.current?.id === d.id) {
    state.current = null;
    viewer.close();
    $("#viewer").append(Object.assign(document.createElement("p"), { className: "placeholder", textContent: "The document was deleted." }));
  }
  renderDocuments();
  say(`${d.fileName} is deleted.`);
}

async function openDocument(id) {
  const d = state.documents.get(id) ?? (await request("GET", `/v1/documents/${encodeURIComponent(id)}`));
  if (state.current?.id === id && viewer.document?.id === id) {
    return;
  }
  state.current = d;
  renderDocuments();
  await viewer.open(d);
  say(`${d.fileName} is open.`);
}

$("#collection-form").addEventListener("submit", (event) => {
  event.preventDefault();
  state.collection = $("#collection").value.trim();
  act(event.submitter, () => loadDocuments());
});
$("#more-documents").addEventListener("click", (event) => act(event.currentTarget, () => loadDocuments(true)));
$("#file-input").addEventListener("change", (event) => {
  const files = [...event.target.files];
  event.target.value = "";
  act(null, () => upload(files));
});
const dropZone = $("#drop-zone");
dropZone.addEventListener("dragover", (event) => {
  event.preventDefault();
  dropZone.classList.add("dragging");
});
dropZone.addEventListener("dragleave", () => dropZone.classList.remove("dragging"));
dropZone.addEventListener("drop", (event) => {
  event.preventDefault();
  dropZone.classList.remove("dragging");
  act(null, () => upload([...event.dataTransfer.files]));
});

// ---- evidence ---------------------------------------------------------------------------------------------

/** Opens the evidence's document if needed, then highlights the evidence on its page. */
async function showEvidence(evidence) {
  if (viewer.document?.id !== evidence.documentId) {
    await openDocument(evidence.documentId);
  }
  await viewer.highlight(evidence);
  say(`Page ${evidence.page}: "${evidence.quote}"`);
}

function evidenceItem(evidence, heading, extra) {
  const item = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "evidence";
  const title = document.createElement("span");
  title.className = "evidence-title";
  title.textContent = heading;
  const where = document.createElement("span");
  where.className = "where";
  where.textContent = `${evidence.fileName} · page ${evidence.page} · ${evidence.match}`;
  const quote = document.createElement("q");
  quote.textContent = evidence.quote;
  button.append(title, where, quote);
  if (extra) {
    button.append(extra);
  }
  button.addEventListener("click", () => act(null, () => showEvidence(evidence)));
  item.append(button);
  return item;
}

// ---- tabs ---------------------------------------------------------------------------------------------------

for (const tab of document.querySelectorAll(".tab")) {
  tab.addEventListener("click", () => {
    for (const other of document.querySelectorAll(".tab")) {
      other.setAttribute("aria-pressed", String(other === tab));
      $(`#tab-${other.dataset.tab}`).hidden = other !== tab;
    }
  });
}

// ---- search ---------------------------------------------------------------------------------------------------

$("#search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  act(event.submitter, async () => {
    const body = { query: $("#search-query").value, collection: state.collection, topK: 10 };
    if ($("#search-this").checked && state.current) {
      body.documentIds = [state.current.id];
    }
    const answer = await request("POST", "/v1/search", body);
    const list = $("#search-results");
    list.replaceChildren(...answer.results.map((r, i) => {
      const score = document.createElement("span");
      score.className = "score";
      score.textContent = `score ${r.score.toFixed(3)}`;
      return evidenceItem(r.evidence, `${i + 1}. ${r.headingPath || r.fileName}`, score);
    }));
    if (answer.results.length === 0) {
      list.append(Object.assign(document.createElement("li"), { className: "empty", textContent: "Nothing found." }));
    }
    say(`${answer.results.length} result(s).`);
  });
});

// ---- ask ---------------------------------------------------------------------------------------------------------

$("#ask-form").addEventListener("submit", (event) => {
  event.preventDefault();
  act(event.submitter, async () => {
    const answer = await request("POST", "/v1/ask", { question: $("#ask-question").value, collection: state.collection });
    $("#answer").hidden = false;
    $("#answer-mode").textContent = answer.mode;
    $("#answer-text").textContent = answer.noAnswer ? "No answer: no source supports one." : answer.answer;
    $("#citations").replaceChildren(...answer.citations.map((c, i) => {
      const mark = document.createElement("span");
      mark.className = c.grounded ? "grounded" : "ungrounded";
      mark.textContent = c.grounded ? "grounded" : "not grounded";
      return evidenceItem(c, `[${i + 1}]`, mark);
    }));
    say(`Answered with ${answer.citations.length} citation(s).`);
  });
});

// ---- extract ---------------------------------------------------------------------------------------------------

$("#schema").value = JSON.stringify(exampleSchema, null, 2);
$("#schema-file").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (file) {
    $("#schema").value = await file.text();
  }
});

function fieldRow(pointer, field, index) {
  const row = document.createElement("div");
  row.className = `field ${field.grounded ? "is-grounded" : "is-ungrounded"}`;
  row.dataset.pointer = pointer;
  const id = `field-${index}`;
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = pointer;
  const value = document.createElement("input");
  value.id = id;
  value.readOnly = true;
  value.value = field.value === null || field.value === undefined ? "" : typeof field.value === "string" ? field.value : JSON.stringify(field.value);
  value.placeholder = "(not found)";
  const grounded = document.createElement("span");
  grounded.className = field.grounded ? "grounded" : "ungrounded";
  grounded.textContent = field.grounded ? "✓ grounded" : "✗ not grounded";
  const match = document.createElement("span");
  match.className = "match";
  match.textContent = field.evidence[0]?.match ?? "no evidence";
  const show = document.createElement("button");
  show.type = "button";
  show.className = "show-evidence";
  show.textContent = field.evidence.length ? `Show on page ${field.evidence[0].page}` : "No evidence";
  show.disabled = field.evidence.length === 0;
  show.setAttribute("aria-label", `Show the evidence of ${pointer}`);
  show.addEventListener("click", () => act(null, async () => {
    for (const other of document.querySelectorAll("#fields .field")) {
      other.classList.toggle("chosen", other === row);
    }
    await showEvidence(field.evidence[0]);
  }));
  row.append(label, value, grounded, match, show);
  return row;
}

$("#extract-form").addEventListener("submit", (event) => {
  event.preventDefault();
  act(event.submitter, async () => {
    if (!state.current) {
      throw new Error("Open a ready document first: extraction runs on the open document.");
    }
    let schema;
    try {
      schema = JSON.parse($("#schema").value);
    } catch (e) {
      throw new Error(`The schema is not valid JSON: ${e.message}`);
    }
    const result = await request("POST", "/v1/extractions", { documentId: state.current.id, schema });
    state.extraction = result;
    $("#extraction").hidden = false;
    $("#extraction-mode").textContent = result.mode;
    $("#extraction-valid").textContent = result.valid ? "valid" : "not valid";
    $("#extraction-valid").className = `badge ${result.valid ? "grounded" : "ungrounded"}`;
    $("#fields").replaceChildren(...Object.entries(result.fields).map(([pointer, field], i) => fieldRow(pointer, field, i)));
    $("#extraction-errors").replaceChildren(...result.errors.map((e) =>
      Object.assign(document.createElement("li"), { textContent: `${e.pointer ?? e.path ?? ""}: ${e.message ?? JSON.stringify(e)}` })));
    const ungrounded = Object.values(result.fields).filter((f) => !f.grounded).length;
    say(`Extracted ${Object.keys(result.fields).length} field(s); ${ungrounded} not grounded.`);
  });
});
$("#fields").addEventListener("submit", (event) => event.preventDefault());

$("#download").addEventListener("click", () => {
  if (!state.extraction) {
    return;
  }
  const blob = new Blob([JSON.stringify(state.extraction, null, 2)], { type: "application/json" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `${state.current?.fileName ?? "document"}.extraction.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
});

// ---- start ---------------------------------------------------------------------------------------------------

window.addEventListener("unhandledrejection", (event) => showError(event.reason));
act(null, async () => {
  await loadDocuments();
  await loadCollections();
});
document.body.dataset.ready = "true";
