// The match page: each group's "select all" box ticks its rows, and shows part-ticked.
document.querySelectorAll("details.match-group").forEach((group) => {
  const all = group.querySelector("[data-select-all]");
  const boxes = () => group.querySelectorAll("input[name=pick]");
  const sync = () => {
    const picked = [...boxes()].filter((b) => b.checked).length;
    all.checked = picked === boxes().length;
    all.indeterminate = picked > 0 && picked < boxes().length;
  };
  all.addEventListener("change", () => { boxes().forEach((b) => { b.checked = all.checked; }); });
  boxes().forEach((b) => b.addEventListener("change", sync));
  sync();
});
