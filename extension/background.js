// The service worker: the toolbar button opens the side panel (sidepanel.html) of the current
// window, and the extension's storage is kept out of reach of anything it injects into web pages.

chrome.sidePanel
  .setPanelBehavior({ openPanelOnActionClick: true })
  .catch((error) => console.error("sidebar-widgets: could not set the side panel behaviour", error));

// chrome.storage.local holds the configuration (API URLs, a proxy token, custom action headers):
// only the extension's own pages and this worker may read it, not scripts running in web pages.
// Chrome restricts it where setAccessLevel exists for this area; each start sets it again.
async function restrictStorage() {
  try {
    await chrome.storage.local.setAccessLevel?.({ accessLevel: "TRUSTED_CONTEXTS" });
  } catch (error) {
    console.warn("sidebar-widgets: chrome.storage.local could not be restricted to trusted contexts", error);
  }
}
restrictStorage();
chrome.runtime.onInstalled.addListener(restrictStorage);
chrome.runtime.onStartup.addListener(restrictStorage);
