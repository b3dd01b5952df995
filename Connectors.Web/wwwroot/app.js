window.connectors = {
  markInteractive: () => document.documentElement.setAttribute("data-interactive", "true"),
  // The admin theme the user chose last ("dark" / "light"), remembered per browser.
  theme: {
    get: () => { try { return localStorage.getItem("connectors.theme"); } catch { return null; } },
    set: value => { try { localStorage.setItem("connectors.theme", value); } catch { /* private mode: not remembered */ } },
  },
};
