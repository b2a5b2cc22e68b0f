// Small progressive enhancements; every page works without them. Page scripts live in static
// files only (the Content-Security-Policy allows no inline script or on*= attribute): behaviour
// hangs on data- attributes, and data comes in json_script blocks.
document.addEventListener("DOMContentLoaded", () => {
  // Phones: the ☰ button folds the side menu in and out.
  document.querySelectorAll("[data-menu-toggle]").forEach((button) => {
    button.addEventListener("click", () => {
      const open = document.body.classList.toggle("menu-open");
      button.setAttribute("aria-expanded", String(open));
    });
  });
  // Error pages: <button data-history-back> goes back one page.
  document.querySelectorAll("[data-history-back]").forEach((button) => {
    button.addEventListener("click", () => window.history.back());
  });
  // Charts: <div class="chart" data-chart="ID">, the ECharts option in <script id="ID"> (json_script).
  const charts = [];
  document.querySelectorAll("[data-chart]").forEach((el) => {
    const source = document.getElementById(el.dataset.chart);
    if (!window.echarts || !source) return;
    const chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(JSON.parse(source.textContent));
    charts.push(chart);
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  // Countdown: <x data-countdown="seconds left" data-form="ID">. The end is reckoned from the
  // server's figure, not the device clock; at zero the form is handed in.
  document.querySelectorAll("[data-countdown]").forEach((el) => {
    const end = Date.now() + Number(el.dataset.countdown) * 1000;
    const form = document.getElementById(el.dataset.form);
    let sent = false;
    const tick = () => {
      const left = Math.max(0, Math.round((end - Date.now()) / 1000));
      const h = Math.floor(left / 3600);
      const m = String(Math.floor((left % 3600) / 60)).padStart(2, "0");
      const s = String(left % 60).padStart(2, "0");
      el.textContent = (h ? h + ":" : "") + m + ":" + s;
      el.classList.toggle("ending", left <= 300);
      if (left === 0 && form && !sent) {
        sent = true;
        const flag = form.querySelector("[data-time-up]");
        if (flag) flag.value = "1";
        form.submit();
        return;
      }
      setTimeout(tick, 250);
    };
    tick();
  });
  // <button data-print>: the browser's print dialog (app.css hides the menus and buttons).
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
  // Buttons that ask first: <button data-confirm="question">.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
  // Auto-submit filter forms when a select changes.
  document.querySelectorAll("form[data-autosubmit] select").forEach((el) => {
    el.addEventListener("change", () => el.form.requestSubmit());
  });
});

// Phones: tables stack into cards (app.css, ≤ 600px) and each cell shows its column's name,
// copied here from the table's last header row into data-label (unless the template set one;
// cells spanning columns get none). Again after every HTMX swap.
(() => {
  const label = () => {
    document.querySelectorAll("table").forEach((table) => {
      const head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
      if (!head) return;
      const names = [];
      for (const th of head.cells) {
        for (let i = 0; i < th.colSpan; i++) names.push(th.textContent.trim());
      }
      for (const body of table.tBodies) {
        for (const row of body.rows) {
          let col = 0;
          for (const cell of row.cells) {
            if (cell.tagName === "TD" && cell.colSpan === 1 && !cell.hasAttribute("data-label")) {
              cell.dataset.label = names[col] || "";
            }
            col += cell.colSpan;
          }
        }
      }
    });
  };
  document.addEventListener("DOMContentLoaded", label);
  document.addEventListener("htmx:afterSettle", label);
})();
