window.connectors = {
  markInteractive: () => document.documentElement.setAttribute("data-interactive", "true"),
};
