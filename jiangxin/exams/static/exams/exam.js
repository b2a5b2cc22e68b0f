// The 交卷 button asks first, saying how many questions are still unanswered (a question is
// answered once one of its options is ticked). The time-up submit (app.js) does not ask.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-exam-submit]").forEach((button) => {
    button.addEventListener("click", (event) => {
      const questions = [...button.form.querySelectorAll("fieldset.question")];
      const missing = questions.filter((q) => !q.querySelector("input:checked")).length;
      const text = missing
        ? button.dataset.confirmMissing.replace("{n}", missing)
        : button.dataset.confirmAll;
      if (!window.confirm(text)) event.preventDefault();
    });
  });
});
