// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
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
  // Auto-submit filter forms when a select changes.
  document.querySelectorAll("form[data-autosubmit] select").forEach((el) => {
    el.addEventListener("change", () => el.form.requestSubmit());
  });
});
