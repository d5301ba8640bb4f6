// Collections and documents: the list of a collection's documents, upload (file picker or drag and drop)
// with ingestion progress polled from GET /v1/documents/{id}, delete, and opening a document in the viewer.

import { request } from "./api.js";
import { $, act, say, showError } from "./ui.js";

const pollMs = 500;
const state = { collection: "default", documents: new Map(), nextCursor: null, current: null };
let viewer = null;

/** The open document's record, or null. */
export function currentDocument() {
  return state.current;
}

/** The collection shown. */
export function currentCollection() {
  return state.collection;
}

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

export async function loadCollections() {
  // Folio has no collection list of its own: the names come from the documents (up to 500 of them).
  const answer = await request("GET", "/v1/documents?limit=500");
  const names = new Set(answer.documents.map((d) => d.collection));
  names.add(state.collection);
  $("#collections").replaceChildren(...[...names].sort().map((name) => Object.assign(document.createElement("option"), { value: name })));
}

export async function loadDocuments(more = false) {
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

export async function openDocument(id) {
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

/** Sets the viewer that shows opened documents; call before anything is opened. */
export function initLibrary(documentViewer) {
  viewer = documentViewer;
}
