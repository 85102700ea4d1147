// Django admin's autocomplete (select2) adds a search box with no label of its own, so a
// screen reader announces an unnamed field. Give each the label of the select it stands for,
// and the box that shows the choice too.
(function () {
  "use strict";

  function name(container) {
    const select = container.previousElementSibling;
    if (!select || !select.id) return "";
    const label = document.querySelector(`label[for="${select.id}"]`);
    return label ? label.textContent.replace(/:$/, "").trim() : "";
  }

  function labelSearchBoxes() {
    document.querySelectorAll(".select2-container").forEach(function (container) {
      const text = name(container);
      if (!text) return;
      container.querySelectorAll(".select2-search__field").forEach(function (field) {
        field.setAttribute("aria-label", `Search ${text.toLowerCase()}`);
      });
      // The box itself is named by what it shows, which is nothing until a choice is made
      // (a new skill's category): name it after its label as well.
      container
        .querySelectorAll(".select2-selection, .select2-selection__rendered")
        .forEach(function (box) {
          if (box.getAttribute("aria-label") !== text) box.setAttribute("aria-label", text);
        });
    });
  }

  // After admin's own scripts have set select2 up (they run on DOMContentLoaded), and
  // again whenever select2 redraws its box (choosing an item rebuilds it).
  window.addEventListener("load", function () {
    labelSearchBoxes();
    new MutationObserver(labelSearchBoxes).observe(document.body, {
      childList: true,
      subtree: true,
    });
  });
})();
