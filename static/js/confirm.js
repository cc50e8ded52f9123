// Forms that need a confirmation say so in data-confirm (no accidental cancel or delete).
document.addEventListener("submit", (e) => {
  const message = e.target.dataset && e.target.dataset.confirm;
  if (message && !window.confirm(message)) e.preventDefault();
});
