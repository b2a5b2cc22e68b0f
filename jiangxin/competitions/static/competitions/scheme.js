// The running total of a component's aspect maxima as the organiser types the new one's mark:
// <output data-scheme-total data-totals='{"component id": total}' data-for="id_component"
// data-mark="id_max_mark" data-others="total without this aspect (edit page)">. Without
// JavaScript the page shows the totals as stored.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-scheme-total]").forEach((out) => {
    const totals = JSON.parse(out.dataset.totals || "{}");
    const select = document.getElementById(out.dataset.for);
    const mark = document.getElementById(out.dataset.mark);
    const names = {};
    if (select) {
      Array.from(select.options).forEach((o) => { names[o.value] = o.textContent; });
    }
    const update = () => {
      const key = select ? select.value : "";
      const base = out.dataset.others !== undefined ? Number(out.dataset.others) : Number(totals[key] || 0);
      const typed = Number(mark.value);
      const add = Number.isFinite(typed) && typed > 0 ? typed : 0;
      const total = Math.round((base + add) * 100) / 100;
      const name = out.dataset.name || (names[key] || "").replace(/（.*$/, "");
      let text = out.dataset.template.replace("{name}", name).replace("{total}", total);
      if (total > 0 && total !== 100) {
        text += out.dataset.scale.replace("{factor}", (Math.round((100 / total) * 10000) / 10000).toString());
      }
      out.textContent = text;
      out.classList.toggle("over", total > 100);
    };
    if (select) select.addEventListener("change", update);
    if (mark) mark.addEventListener("input", update);
    update();
  });
});
