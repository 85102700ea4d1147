// Django admin's autocomplete (select2) adds a search box with no label of its own, so a
// screen reader announces an unnamed field. Give each the label of the select it stands for.
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
      container.querySelectorAll(".select2-search__field").forEach(function (field) {
        if (text) field.setAttribute("aria-label", `Search ${text.toLowerCase()}`);
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
