// The skill matrix in admin: htmx swaps a cell for its form and back; this only helps the
// keyboard (focus goes into a cell's form, Escape cancels it) and makes a failed request
// visible. No inline script anywhere: the Content-Security-Policy forbids it.
(function () {
  "use strict";

  function say(text) {
    const box = document.getElementById("matrix-alerts");
    if (box) box.textContent = text;
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    const cell = event.detail.target;
    if (!(cell instanceof HTMLElement)) return;
    const swapped = document.getElementById(cell.id) || cell;
    const input = swapped.querySelector && swapped.querySelector("input[type=number]");
    if (input) {
      input.focus();
      input.select();
    } else if (swapped.querySelector) {
      const link = swapped.querySelector("a");
      if (link && document.activeElement === document.body) link.focus();
    }
    say("");
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    const form = event.target instanceof Element && event.target.closest(".matrix-cell.editing");
    const cancel = form && form.querySelector(".matrix-cancel");
    if (cancel) {
      event.preventDefault();
      cancel.click();
    }
  });

  document.addEventListener("htmx:sendError", function () {
    say("Could not reach the server, so nothing was saved. Check the connection and try again.");
  });
  document.addEventListener("htmx:responseError", function (event) {
    say("The server could not save that cell (error " + event.detail.xhr.status +
      "). Nothing was saved; reload the page and try again.");
  });
})();
