// Search, ask and extract beside the document: results, citations and extracted fields, each of which
// highlights its evidence (page, span, box) in the viewer when chosen; the extraction downloads as JSON.

import { request } from "./api.js";
import { $, act, say } from "./ui.js";
import { currentCollection, currentDocument, openDocument } from "./library.js";

const exampleSchema = {
  type: "object",
  properties: {
    invoice_number: { type: ["string", "null"], description: "The invoice number as printed." },
    issue_date: { type: ["string", "null"], format: "date", description: "Invoice date, YYYY-MM-DD." },
    total: { type: ["number", "null"], description: "Amount due, including tax." },
  },
};

let viewer = null;
let extraction = null;

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
    const body = { query: $("#search-query").value, collection: currentCollection(), topK: 10 };
    if ($("#search-this").checked && currentDocument()) {
      body.documentIds = [currentDocument().id];
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
    const answer = await request("POST", "/v1/ask", { question: $("#ask-question").value, collection: currentCollection() });
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
    if (!currentDocument()) {
      throw new Error("Open a ready document first: extraction runs on the open document.");
    }
    let schema;
    try {
      schema = JSON.parse($("#schema").value);
    } catch (e) {
      throw new Error(`The schema is not valid JSON: ${e.message}`);
    }
    const result = await request("POST", "/v1/extractions", { documentId: currentDocument().id, schema });
    extraction = result;
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
  if (!extraction) {
    return;
  }
  const blob = new Blob([JSON.stringify(extraction, null, 2)], { type: "application/json" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `${currentDocument()?.fileName ?? "document"}.extraction.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
});

/** Sets the viewer that evidence is highlighted in. */
export function initTools(documentViewer) {
  viewer = documentViewer;
}
