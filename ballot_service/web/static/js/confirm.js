// Asks before a move that cannot be undone: every <form data-confirm="question"> opens a
// <dialog> with the question; the form is sent only when the user presses Confirm.
// No inline script (strict CSP): this module is loaded by the page and finds the forms.

function dialogFor(form) {
  const dialog = document.getElementById("confirm-dialog");
  dialog.querySelector("[data-question]").textContent = form.dataset.confirm;
  return dialog;
}

function ask(form) {
  const dialog = dialogFor(form);
  dialog.returnValue = "";
  dialog.addEventListener(
    "close",
    () => {
      if (dialog.returnValue === "confirm") {
        form.dataset.confirmed = "yes";
        form.requestSubmit();
      }
    },
    { once: true },
  );
  dialog.showModal();
}

for (const form of document.querySelectorAll("form[data-confirm]")) {
  form.addEventListener("submit", (event) => {
    if (form.dataset.confirmed === "yes") return;
    event.preventDefault();
    ask(form);
  });
  // Its buttons come disabled: pressed before this script ran, the move would go unasked.
  for (const button of form.querySelectorAll("button[type=submit]")) button.disabled = false;
}
