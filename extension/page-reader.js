// Reads a helpdesk page for the side panel, on demand: nothing of the extension runs in web pages
// until the panel injects readPageContext (chrome.scripting.executeScript) into the active tab,
// and only when that tab's origin is one of the helpdesk origins the agent configured and Chrome
// granted host access to. It answers with what the page says about the ticket it shows:
// {email, name, ticketId, emailFrom, ticketIdFrom, title, url}. The email comes from the first
// element matching the email selector that holds an address, else from the first mailto: link;
// the ticket id from the ticket selector, else from a /ticket/123 or /tickets/123 URL. It sends
// nothing anywhere and leaves nothing behind in the page.

/**
 * Runs in the page (the extension's isolated world), so it must not use anything from outside
 * its own body: executeScript sends its source text.
 */
export function readPageContext(selectors = {}) {
  const EMAIL = /[A-Z0-9._%+'-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.[A-Z]{2,}/i;
  const MAX_TEXT = 2000;

  const all = (selector) => {
    if (!selector) return [];
    try {
      return Array.from(document.querySelectorAll(selector));
    } catch {
      return []; // an invalid selector finds nothing
    }
  };

  // The texts an element may hold a value in, best first: its data-<key> attribute, a form
  // value, a <meta content>, a mailto: href, then its text.
  const texts = (el, dataKey) => [
    el.dataset?.[dataKey] || "",
    typeof el.value === "string" ? el.value : "",
    el.getAttribute("content") || "",
    mailtoAddress(el.getAttribute("href")),
    (el.textContent || "").slice(0, MAX_TEXT),
  ].filter(Boolean);

  function mailtoAddress(href) {
    if (!href || !/^\s*mailto:/i.test(href)) return "";
    const to = href.trim().slice(7).split("?")[0];
    try {
      return decodeURIComponent(to).split(",")[0].trim();
    } catch {
      return to;
    }
  }

  function emailIn(el) {
    for (const text of texts(el, "customerEmail")) {
      const m = text.match(EMAIL);
      if (m) return m[0];
    }
    return "";
  }

  function ticketIdIn(el) {
    for (const raw of texts(el, "ticketId")) {
      const text = raw.trim();
      const m = text.match(/#\s*([\w-]+)/) || text.match(/^(?:ticket\s*(?:id)?\s*:?\s*)?([\w-]{1,64})$/i);
      if (m) return m[1];
    }
    return "";
  }

  function read() {
    const out = { email: "", name: "", ticketId: "", emailFrom: null, ticketIdFrom: null };
    for (const el of all(selectors.email)) {
      out.email = emailIn(el);
      if (out.email) { out.emailFrom = "selector"; break; }
    }
    if (!out.email) {
      for (const link of all('a[href^="mailto:" i]')) {
        out.email = mailtoAddress(link.getAttribute("href")).match(EMAIL)?.[0] || "";
        if (!out.email) continue;
        out.emailFrom = "mailto";
        const label = (link.textContent || "").trim();
        if (label && !EMAIL.test(label) && label.length <= 100) out.name = label;
        break;
      }
    }
    const nameEl = all(selectors.name)[0];
    const name = nameEl && (texts(nameEl, "customerName")[0] || "").trim();
    if (name && name.length <= 100) out.name = name;
    for (const el of all(selectors.ticketId)) {
      out.ticketId = ticketIdIn(el);
      if (out.ticketId) { out.ticketIdFrom = "selector"; break; }
    }
    if (!out.ticketId) {
      const m = (location.pathname + location.hash).match(/\/tickets?\/(\d+)/i);
      if (m) { out.ticketId = m[1]; out.ticketIdFrom = "url"; }
    }
    return { ...out, title: document.title, url: location.href };
  }

  return read();
}

/** Reads the page of a tab: {page} with readPageContext's answer, or {error} when it could not. */
export async function readTab(tabId, selectors) {
  try {
    const [result] = await chrome.scripting.executeScript({ target: { tabId }, func: readPageContext, args: [selectors] });
    return result?.result ? { page: result.result } : { error: "the page did not answer" };
  } catch {
    return { error: "this tab cannot be read (a browser page, or a page still loading)" };
  }
}
