// Calls Folio's JSON API from the page: the API key (if any) rides along as a bearer token, and every
// failure becomes an ApiError carrying the ProblemDetails Folio answered with, so the page can say what went wrong.

const keyName = "folio.apiKey";

export function apiKey() {
  return sessionStorage.getItem(keyName) ?? "";
}

export function setApiKey(key) {
  if (key) {
    sessionStorage.setItem(keyName, key);
  } else {
    sessionStorage.removeItem(keyName);
  }
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Sends a request to Folio; body is JSON (an object) or a FormData. Resolves to the parsed JSON, or null for 204. */
export async function request(method, path, body, { signal } = {}) {
  const headers = { Accept: "application/json, application/problem+json" };
  const key = apiKey();
  if (key) {
    headers.Authorization = `Bearer ${key}`;
  }
  let payload;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, signal });
  } catch (e) {
    if (e.name === "AbortError") {
      throw e;
    }
    throw new ApiError(0, { title: "Folio cannot be reached", detail: `${method} ${path}: ${e.message}` });
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const problem = json && typeof json === "object" ? json : { title: response.statusText || "Request failed", detail: text.slice(0, 300) };
    problem.status ??= response.status;
    throw new ApiError(response.status, problem);
  }
  return json;
}

/** The readable lines of an error: title, detail, errorCode and each offending field. */
export function describe(error) {
  if (!(error instanceof ApiError)) {
    return { title: "Something went wrong", detail: String(error?.message ?? error), code: null, fields: [] };
  }
  const p = error.problem;
  const fields = [];
  if (p.errors && typeof p.errors === "object") {
    for (const [field, messages] of Object.entries(p.errors)) {
      for (const message of [].concat(messages)) {
        fields.push(`${field}: ${message}`);
      }
    }
  }
  return {
    title: p.title || `HTTP ${error.status}`,
    detail: p.detail && p.detail !== p.title ? p.detail : null,
    code: p.errorCode ?? null,
    status: p.status ?? error.status,
    fields,
  };
}
