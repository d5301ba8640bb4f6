// The document view: PDF pages drawn as SVG from Folio's stored word boxes (no PDF renderer), blocks outlined
// by kind; other documents as their blocks in order. Evidence (page, span, box) is highlighted on its page.

import { request } from "./api.js";

const svgNs = "http://www.w3.org/2000/svg";
const outlined = new Set(["title", "heading", "table", "listItem", "pageHeader", "pageFooter", "caption", "note"]);
const wordsPerRequest = 2000;

function svg(name, attributes) {
  const element = document.createElementNS(svgNs, name);
  for (const [key, value] of Object.entries(attributes)) {
    element.setAttribute(key, String(value));
  }
  return element;
}

function html(name, className, text) {
  const element = document.createElement(name);
  if (className) {
    element.className = className;
  }
  if (text !== undefined) {
    element.textContent = text;
  }
  return element;
}

/** A kind's label for people ("listItem" → "list item"). */
function kindLabel(kind) {
  return kind.replace(/[A-Z]/g, (c) => " " + c.toLowerCase());
}

/** What the outline colours mean. */
function legend() {
  const list = html("ul", "legend");
  list.setAttribute("aria-label", "Block outlines");
  for (const [kind, label] of [["heading", "title, heading"], ["table", "table"], ["listItem", "list item"], ["pageHeader", "header, footer"], ["caption", "caption, note"]]) {
    const item = html("li", `legend-${kind}`, label);
    list.append(item);
  }
  return list;
}

export class DocumentViewer {
  constructor(container) {
    this.container = container;
    this.document = null;
    this.content = null;
    this.pages = new Map(); // page number → { svg, height, words: Promise | null }
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) {
          this.ensureWords(Number(entry.target.dataset.page)).catch(() => {});
        }
      }
    }, { root: null, rootMargin: "400px" });
  }

  /** Shows a ready document; resolves when its pages (or blocks) are laid out. */
  async open(documentRecord, { signal } = {}) {
    this.close();
    this.document = documentRecord;
    const content = await request("GET", `/v1/documents/${encodeURIComponent(documentRecord.id)}/content`, undefined, { signal });
    this.content = content;
    this.container.replaceChildren();
    const heading = html("h2", "document-title", content.fileName);
    heading.id = "document-title";
    this.container.append(heading);
    this.container.append(html("p", "document-meta", `${content.pages} page(s) · ${content.blocks.length} blocks · ${content.mediaType}`));
    if (content.pageSizes && content.pageSizes.length > 0) {
      this.container.append(legend());
      this.drawPdfPages(content);
    } else {
      this.drawBlocks(content);
    }
    this.container.dataset.documentId = documentRecord.id;
  }

  close() {
    this.observer.disconnect();
    this.pages.clear();
    this.document = null;
    this.content = null;
    delete this.container.dataset.documentId;
    this.container.replaceChildren();
  }

  drawPdfPages(content) {
    const blocksByPage = new Map();
    for (const block of content.blocks) {
      if (block.bbox && outlined.has(block.kind)) {
        if (!blocksByPage.has(block.page)) {
          blocksByPage.set(block.page, []);
        }
        blocksByPage.get(block.page).push(block);
      }
    }
    for (const size of content.pageSizes) {
      const figure = html("figure", "page");
      figure.dataset.page = size.page;
      figure.id = `page-${size.page}`;
      const page = svg("svg", { viewBox: `0 0 ${size.width} ${size.height}`, role: "img", "aria-label": `Page ${size.page}` });
      page.classList.add("page-svg");
      page.append(svg("rect", { x: 0, y: 0, width: size.width, height: size.height, class: "paper" }));
      const blocks = svg("g", { class: "blocks" });
      for (const block of blocksByPage.get(size.page) ?? []) {
        const [x0, y0, x1, y1] = block.bbox;
        const outline = svg("rect", { x: x0 - 2, y: size.height - y1 - 2, width: x1 - x0 + 4, height: y1 - y0 + 4, class: `block block-${block.kind}` });
        const title = svg("title", {});
        title.textContent = kindLabel(block.kind);
        outline.append(title);
        blocks.append(outline);
      }
      page.append(blocks, svg("g", { class: "words" }), svg("g", { class: "highlights" }));
      figure.append(page, html("figcaption", null, `Page ${size.page}`));
      this.container.append(figure);
      this.pages.set(size.page, { svg: page, height: size.height, words: null });
      this.observer.observe(figure);
    }
  }

  drawBlocks(content) {
    const list = html("ol", "blocks-list");
    for (const block of content.blocks) {
      const item = html("li", `text-block block-${block.kind}`);
      item.dataset.start = block.start;
      item.dataset.end = block.end;
      item.dataset.page = block.page;
      item.append(html("span", "kind", kindLabel(block.kind)), html("p", "text", block.text));
      list.append(item);
    }
    this.container.append(list);
  }

  /** Loads and draws a PDF page's words once; resolves when they are drawn. */
  ensureWords(number) {
    const page = this.pages.get(number);
    if (!page) {
      return Promise.resolve();
    }
    page.words ??= this.loadWords(number, page).catch((e) => {
      page.words = null;
      throw e;
    });
    return page.words;
  }

  async loadWords(number, page) {
    const id = this.document.id;
    const text = this.content.text;
    const group = page.svg.querySelector("g.words");
    let cursor = null;
    do {
      const query = `limit=${wordsPerRequest}` + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : "");
      const answer = await request("GET", `/v1/documents/${encodeURIComponent(id)}/pages/${number}/words?${query}`);
      if (this.document?.id !== id) {
        return;
      }
      for (const word of answer.words) {
        const [x0, y0, x1, y1] = word.bbox;
        const height = Math.max(y1 - y0, 1);
        const g = svg("g", { class: "word", "data-start": word.start, "data-end": word.end });
        g.append(svg("rect", { x: x0, y: page.height - y1, width: Math.max(x1 - x0, 0.5), height, class: "word-box" }));
        const label = svg("text", { x: x0, y: page.height - y0 - height * 0.2, "font-size": height * 0.95, textLength: Math.max(x1 - x0, 0.5), lengthAdjust: "spacingAndGlyphs" });
        label.textContent = text.slice(word.start, word.end);
        g.append(label);
        group.append(g);
      }
      cursor = answer.nextCursor ?? null;
    } while (cursor);
    page.svg.dataset.wordsLoaded = "true";
  }

  /** Highlights an evidence record (page, start, end, bbox) on its page and scrolls it into view. */
  async highlight(evidence) {
    this.clearHighlight();
    if (!this.content) {
      return;
    }
    const page = this.pages.get(evidence.page);
    if (page) {
      await this.ensureWords(evidence.page);
      const layer = page.svg.querySelector("g.highlights");
      if (evidence.bbox) {
        const [x0, y0, x1, y1] = evidence.bbox;
        layer.append(svg("rect", { x: x0, y: page.height - y1, width: x1 - x0, height: y1 - y0, class: "highlight" }));
      }
      for (const word of page.svg.querySelectorAll("g.word")) {
        if (Number(word.dataset.start) < evidence.end && Number(word.dataset.end) > evidence.start) {
          word.classList.add("quote");
        }
      }
      page.svg.parentElement.classList.add("current");
      page.svg.parentElement.scrollIntoView({ block: "center" });
      return;
    }
    for (const block of this.container.querySelectorAll("li.text-block")) {
      const start = Number(block.dataset.start);
      const end = Number(block.dataset.end);
      if (start < evidence.end && end > evidence.start) {
        block.classList.add("current");
        const paragraph = block.querySelector("p.text");
        const text = this.content.text.slice(start, end);
        const from = Math.max(evidence.start - start, 0);
        const to = Math.min(evidence.end - start, text.length);
        const mark = html("mark", "quote", text.slice(from, to));
        paragraph.replaceChildren(text.slice(0, from), mark, text.slice(to));
        block.scrollIntoView({ block: "center" });
      }
    }
  }

  clearHighlight() {
    for (const rect of this.container.querySelectorAll("rect.highlight")) {
      rect.remove();
    }
    for (const element of this.container.querySelectorAll(".quote, .current")) {
      element.classList.remove("quote", "current");
    }
    for (const paragraph of this.container.querySelectorAll("li.text-block p.text")) {
      if (paragraph.querySelector("mark")) {
        paragraph.textContent = paragraph.textContent;
      }
    }
  }
}
