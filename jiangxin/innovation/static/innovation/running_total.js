// A running total as points are typed: an expert's score sheet, the items an assessor scores.
// Each [data-running-total] sums its form's input[data-points] on top of data-base (the points
// already read from the record), and fills the table row [data-line-for=<input id>] of an item
// with its points and deduction, or the pending label while it is empty. The server checks
// every figure again on submit; this only shows the sum. Texts come from the page (translated).
(() => {
  const parse = (input) => {
    const text = input.value.trim();
    if (text === "") return null;
    const value = Number(text);
    return Number.isFinite(value) && value >= 0 ? value : NaN;
  };
  document.querySelectorAll("[data-running-total]").forEach((out) => {
    const form = out.closest("form");
    const inputs = Array.from(form.querySelectorAll("input[data-points]"));
    const base = Number(out.dataset.base || 0);
    const decimals = Number(out.dataset.decimals || 1);
    const value = out.querySelector("[data-total-value]");
    const note = out.querySelector("[data-total-note]");
    const update = () => {
      let total = base;
      let pending = 0;
      let invalid = 0;
      inputs.forEach((input) => {
        const points = parse(input);
        const max = Number(input.max || Infinity);
        const row = document.querySelector(`[data-line-for="${input.id}"]`);
        const ok = points !== null && !Number.isNaN(points) && points <= max;
        if (points === null) pending += 1;
        else if (!ok) invalid += 1;
        else total += points;
        if (row) {
          row.querySelector("[data-role=points]").textContent = ok
            ? points.toFixed(decimals)
            : points === null ? out.dataset.pendingLabel : "?";
          row.querySelector("[data-role=deduction]").textContent = ok
            ? (max - points).toFixed(decimals)
            : "—";
        }
      });
      value.textContent = total.toFixed(decimals);
      const notes = [];
      if (pending) notes.push(out.dataset.pendingText.replace("{n}", pending));
      if (invalid) notes.push(out.dataset.invalidText.replace("{n}", invalid));
      note.textContent = notes.join("；");
    };
    inputs.forEach((input) => input.addEventListener("input", update));
    out.hidden = false;
    update();
  });
})();
