// Runs before the page paints: the theme the user chose in the admin pages ("dark" / "light", remembered per
// browser), or the system's preference until they choose. The static pages (sign-in, account, errors) draw with it
// through html[data-theme]; the admin pages' MudBlazor theme reads the same choice once their circuit is live.
(() => {
  let chosen = null;
  try { chosen = localStorage.getItem("connectors.theme"); } catch { /* storage blocked: follow the system */ }
  const dark = chosen === "dark" || (chosen !== "light" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
})();
