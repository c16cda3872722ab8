// Applies the saved theme before first paint (an external file so the CSP needs no 'unsafe-inline').
(function () {
  try {
    var pref = localStorage.getItem('cw.theme') || 'system';
    var dark = pref === 'dark' || (pref === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  } catch {
    document.documentElement.dataset.theme = 'dark';
  }
})();
