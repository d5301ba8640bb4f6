// What every part of the page shares: finding elements, telling the user what happened, and running an
// action so that its error (an API ProblemDetails or any other) is shown instead of lost.

import { describe } from "./api.js";

export const $ = (selector) => document.querySelector(selector);

export function showError(error) {
  const d = describe(error);
  $("#error-title").textContent = d.status ? `${d.title} (${d.status})` : d.title;
  $("#error-code").textContent = d.code ? d.code : "";
  $("#error-detail").textContent = d.detail ?? "";
  $("#error-fields").replaceChildren(...d.fields.map((f) => Object.assign(document.createElement("li"), { textContent: f })));
  $("#error").hidden = false;
  $("#error-close").focus();
}

export function clearError() {
  $("#error").hidden = true;
}

export function say(text) {
  $("#status").textContent = text;
}

/** Runs an action from a button or form: clears the last error, disables the control while it runs, shows any error. */
export async function act(control, action) {
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
