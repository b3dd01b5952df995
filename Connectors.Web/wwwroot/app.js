window.connectors = {
  markInteractive: () => document.documentElement.setAttribute("data-interactive", "true"),
  // Gives the focus to the first button inside an element (a row menu that has just replaced its placeholder).
  focusButtonIn: element => element?.querySelector("button")?.focus(),
  // The admin theme the user chose last ("dark" / "light"), remembered per browser.
  theme: {
    get: () => { try { return localStorage.getItem("connectors.theme"); } catch { return null; } },
    set: value => {
      document.documentElement.dataset.theme = value;
      try { localStorage.setItem("connectors.theme", value); } catch { /* private mode: not remembered */ }
    },
  },
};

// Escape closes an open menu (MudBlazor's menus close only on a click outside) and gives the focus back to what
// opened it. Dialogs handle Escape themselves.
(() => {
  let opener = null;
  document.addEventListener("focusin", e => {
    if (!e.target.closest(".mud-popover")) {
      opener = e.target;
    }
  });
  document.addEventListener("keydown", e => {
    if (e.key !== "Escape" || document.querySelector(".mud-dialog-container")) {
      return;
    }

    const menu = document.querySelector(".mud-popover-open .mud-menu-list, .mud-popover-open [role='menu']");
    const overlay = menu && document.querySelector(".mud-overlay");
    if (overlay) {
      overlay.click();
      opener?.focus();
    }
  });
})();

// A button with data-copy-from copies the text of the element with that id (the new access token) and says so.
document.addEventListener("click", async e => {
  const button = e.target.closest("[data-copy-from]");
  const source = button && document.getElementById(button.dataset.copyFrom);
  if (!source) {
    return;
  }

  try {
    await navigator.clipboard.writeText(source.textContent.trim());
    button.textContent = "Copied";
  } catch {
    // No clipboard (an insecure origin): select the text so Ctrl+C copies it.
    getSelection().selectAllChildren(source);
    button.textContent = "Selected: press Ctrl+C";
  }
});
