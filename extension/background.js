// The toolbar button opens the side panel (sidepanel.html) of the current window.
chrome.sidePanel
  .setPanelBehavior({ openPanelOnActionClick: true })
  .catch((error) => console.error("sidebar-widgets: could not set the side panel behaviour", error));
