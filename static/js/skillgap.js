// Skillgap's only script: htmx does the work; this makes sure a failed save is never silent.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function showAlert(text) {
    const box = document.getElementById("alerts");
    if (!box) return;
    const alert = document.createElement("div");
    alert.className = "alert alert-danger";
    alert.setAttribute("role", "alert");
    alert.textContent = text;
    box.replaceChildren(alert);
  }

  // "Copy link" on the share page: the button holds the selector of the link's field.
  document.addEventListener("click", function (event) {
    const button = event.target.closest("button.copy-link");
    if (!button) return;
    const field = document.querySelector(button.dataset.copy);
    const status = document.getElementById("copy-status");
    const said = function (text) {
      button.textContent = text;
      if (status) status.textContent = text;
    };
    navigator.clipboard.writeText(field.value).then(
      function () { said("Copied"); },
      function () { field.select(); said("Press Ctrl+C to copy"); }
    );
  });

  // A report's skill rows and path steps open onto their comments, scores or resources,
  // loaded then (data-load: the query that asks for them), so a page does not carry every
  // skill's. Without JavaScript, one link opens them all (?open=all).
  document.addEventListener("toggle", function (event) {
    const details = event.target;
    if (!details.open || !window.htmx || !details.dataset || !details.dataset.load) return;
    const query = details.dataset.load;
    delete details.dataset.load;
    const holder = document.createElement("p");
    holder.className = "small text-body-secondary";
    holder.textContent = "Loading…";
    details.appendChild(holder);
    window.htmx.ajax("GET", window.location.pathname + "?" + query, { source: details, target: holder, swap: "outerHTML" });
  }, true);

  document.addEventListener("htmx:sendError", function () {
    showAlert("Could not reach Skillgap, so your last change was not saved. " +
      "Check your connection, then change it again.");
  });
  document.addEventListener("htmx:responseError", function (event) {
    showAlert("Skillgap could not save your last change (error " + event.detail.xhr.status +
      "). Please try again, or reload the page.");
  });
})();
