// The new-competition form: choosing a layout (<select data-presets='{"30-70": {"theory": 30,
// "practical": 70}, …}'>) fills the weight boxes with its preset weights and 0 for the parts it
// does not have. Without JavaScript the server counts the chosen layout's parts alone.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-presets]").forEach((select) => {
    const presets = JSON.parse(select.dataset.presets || "{}");
    select.addEventListener("change", () => {
      const parts = presets[select.value];
      if (!parts) return;
      ["theory", "practical", "defence"].forEach((kind) => {
        const box = select.form.querySelector(`[name="${kind}_weight"]`);
        if (box) box.value = parts[kind] || 0;
      });
    });
  });
});
