// Tab and Enter move down the column; Enter on the last field saves. A column pasted from
// Excel into one field fills it and the fields below.
(() => {
  const fields = Array.from(document.querySelectorAll("#marks-form input.mark"));
  fields.forEach((input, i) => {
    input.addEventListener("keydown", (event) => {
      const step = event.key === "Enter" || event.key === "ArrowDown" ? 1 : event.key === "ArrowUp" ? -1 : 0;
      if (!step || (event.key === "Enter" && i === fields.length - 1)) return;
      event.preventDefault();
      const next = fields[i + step];
      if (next) { next.focus(); next.select(); }
    });
    input.addEventListener("paste", (event) => {
      const text = (event.clipboardData || window.clipboardData).getData("text");
      const lines = text.replace(/\r/g, "").split("\n");
      while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
      if (lines.length < 2) return;
      event.preventDefault();
      lines.forEach((line, k) => {
        const cells = line.split("\t");
        if (fields[i + k]) fields[i + k].value = cells[cells.length - 1].trim();
      });
      const last = fields[Math.min(i + lines.length, fields.length) - 1];
      last.focus();
    });
  });
})();
