// The rating page: when to autosave, keyboard shortcuts, the filter, "next unrated",
// folding categories, and announcing saves. htmx sends and swaps; this decides when.
// Without this file the page still works: one form, "Save all ratings".
(function () {
  "use strict";

  // A keyboard choice is saved once the arrows stop for this long; a click at once.
  const SETTLE_MS = 500;
  // A note is saved once typing pauses this long, so a reload or a closed tab loses nothing.
  const NOTE_MS = 600;
  // A change this soon after a pointer press came from that press (a click or a tap).
  const POINTER_MS = 1000;

  const form = document.getElementById("ratings-form");
  if (!form) return;
  // Rows arrive as bare <div>s in their category (bytes: 60 to 300 of them); named here.
  // At 100+ skills a category's rows arrive when it is opened (htmx): `rows` is read again
  // then (see "rows that arrive later" below), and every listener here is delegated.
  const ROWS = "details.section > div[id^='row-']";
  let rows = Array.from(form.querySelectorAll(ROWS));
  rows.forEach(function (row) { row.classList.add("skill-row"); });
  // The page's address without `?category=`: the rows' and categories' addresses hang off it.
  const base = form.getAttribute("action").split("?")[0];

  // --- the rows arrive lean: a <select> a skill, which works without JavaScript -------------

  // The scale's names, from the legend the page shows once: "0" -> "None".
  const scaleNames = {};
  document.querySelectorAll(".legend-grid dt").forEach(function (dt) {
    const score = dt.querySelector(".legend-score");
    if (score) scaleNames[score.textContent.trim()] = dt.textContent.slice(score.textContent.length).trim();
  });

  function element(tag, attributes, text) {
    const made = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { made.setAttribute(name, attributes[name]); });
    if (text) made.textContent = text;
    return made;
  }

  // One score as a radio button and its label, as Bootstrap's toggle buttons are drawn.
  function scoreButton(slug, option, target) {
    const score = option.value;
    const id = slug + "-score-" + score;
    const radio = element("input", { type: "radio", class: "btn-check", autocomplete: "off", name: slug + "-score", id: id, value: score });
    radio.checked = option.selected;
    const own = option.hasAttribute("data-own") ? document.getElementById("wording-" + slug + "-" + score) : null;
    if (own) radio.setAttribute("aria-describedby", own.id);
    const isTarget = score === target;
    const name = scaleNames[score] || "";
    const title = own ? own.textContent.trim() : score + " " + name;
    const label = element("label", { class: "btn scale-btn" + (isTarget ? " is-target" : ""), for: id, title: title + (isTarget ? " (your target)" : "") }, score);
    label.appendChild(element("span", { class: "visually-hidden" }, " " + name + (isTarget ? ", your target" : "")));
    return [radio, label];
  }

  // The row as the page is used with JavaScript: six buttons, and its own autosave (htmx
  // reads these attributes once this deferred script has run, at DOMContentLoaded).
  function inflate(row) {
    const slug = row.id.slice("row-".length);
    const select = row.querySelector(":scope > select");
    if (!select) return;
    const marked = Array.from(select.options).find(function (o) { return o.hasAttribute("value") && o.value !== ""; });
    const target = marked ? marked.value : "";
    // The name and its badges, as the rest of this file and rate.css know them.
    const title = row.querySelector("h3");
    const head = element("div", { class: "skill-head" });
    title.replaceWith(head);
    head.appendChild(title);
    title.className = "skill-name";
    title.querySelectorAll("small, .badge").forEach(function (badge) { head.append(" ", badge); });
    const name = title.textContent.trim();
    row.querySelector(":scope > p").className = "skill-desc";
    row.dataset.terms = [name, slug].join(" ");
    const scale = element("fieldset", { class: "scale" });
    scale.disabled = select.disabled;
    const must = row.querySelector(".skill-head .text-bg-danger") ? ", a must-have" : "";
    scale.appendChild(element("legend", { class: "visually-hidden" }, name + ": your score (target " + target + must + ")"));
    Array.from(select.options).forEach(function (option) {
      if (option.value !== "") scoreButton(slug, option, target).forEach(function (part) { scale.appendChild(part); });
    });
    select.replaceWith(scale);
    // Its status, where each autosave's answer goes (the page draws one only for an error).
    if (!document.getElementById("status-" + slug)) {
      const status = element("span", { id: "status-" + slug, class: "row-status" });
      const chosen = select.selectedOptions[0];
      // The blank choice of an estimated skill reads "– estimate 3" (the page's template).
      const estimate = select.options[0].textContent.match(/estimate (\d)/);
      if (chosen && chosen.value !== "") status.textContent = "Rated " + chosen.value;
      else if (estimate) status.appendChild(element("span", { class: "badge text-bg-info" }, "Estimate " + estimate[1]));
      else status.appendChild(element("span", { class: "badge text-bg-warning" }, "Not rated yet"));
      scale.after(status);
    }
    const note = row.querySelector(":scope > details:last-child");
    note.classList.add("row-more", "row-note");
    const summary = note.querySelector("summary");
    summary.className = "row-toggle";
    const written = summary.textContent.indexOf("✓") >= 0;
    summary.textContent = "Note";
    const mark = element("span", { class: "note-written" });
    mark.hidden = !written;
    mark.appendChild(element("span", { "aria-hidden": "true" }, " ✓"));
    mark.appendChild(element("span", { class: "visually-hidden" }, " (written)"));
    summary.appendChild(mark);
    summary.appendChild(element("span", { class: "visually-hidden" }, " for " + name));
    const textarea = note.querySelector("textarea");
    textarea.id = slug + "-evidence";
    row.dataset.savedNote = textarea.value; // as the server has it: a kept draft's base
    textarea.className = "form-control form-control-sm";
    textarea.rows = 2;
    textarea.maxLength = 500; // the server refuses more; without JavaScript it says so
    textarea.removeAttribute("aria-label"); // the visible label names it now
    const panel = element("div", { class: "row-panel" });
    panel.appendChild(element("label", { class: "form-label small mb-1", for: textarea.id }, "Evidence for " + name + " (optional, up to 500 characters)"));
    textarea.replaceWith(panel);
    panel.appendChild(textarea);
    row.setAttribute("hx-post", base + "ratings/" + slug + "/");
    row.setAttribute("hx-trigger", "rate-save");
    row.setAttribute("hx-params", slug + "-score," + slug + "-evidence");
    row.setAttribute("hx-target", "#status-" + slug);
    row.setAttribute("hx-swap", "outerHTML");
    // One queue for the whole form, not one a row: two rows saved at once would otherwise
    // answer out of order, and the older answer's progress count ("1 of 4 rated") would win.
    row.setAttribute("hx-sync", "closest form:queue all");
  }
  rows.forEach(inflate);
  if (window.htmx) window.htmx.process(form);
  const sections = Array.from(form.querySelectorAll("details.section"));
  const announcer = document.getElementById("rate-announce");

  function say(text) {
    if (!announcer) return;
    // Emptied first, so the same words twice ("Saved (3)") are announced twice.
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function rowOf(element) { return element.closest(".skill-row"); }
  function skillName(row) { return row.querySelector(".skill-name").textContent.trim(); }
  function radios(row) { return Array.from(row.querySelectorAll(".scale input[type=radio]")); }
  function checkedRadio(row) { return row.querySelector(".scale input[type=radio]:checked"); }
  function isRated(row) { return checkedRadio(row) !== null; }
  function sectionOf(row) { return row.closest("details.section"); }

  // The radio that takes focus in a row: the chosen one, as Tab would pick it.
  function focusRow(row) {
    const radio = checkedRadio(row) || radios(row)[0];
    if (!radio || radio.disabled) return;
    const section = sectionOf(row);
    if (section && !section.open) section.open = true;
    radio.focus();
  }

  // --- saving: when the choice settles ---------------------------------------------------

  const pending = new Map(); // row -> timer of a save not sent yet
  let lastPointer = -Infinity;

  function saveNow(row) {
    window.clearTimeout(pending.get(row));
    pending.delete(row);
    window.htmx.trigger(row, "rate-save");
  }

  function saveSoon(row, delay) {
    window.clearTimeout(pending.get(row));
    pending.set(row, window.setTimeout(function () { saveNow(row); }, delay || SETTLE_MS));
  }

  form.addEventListener("pointerdown", function () { lastPointer = performance.now(); });

  form.addEventListener("change", function (event) {
    const row = rowOf(event.target);
    if (!row || !window.htmx) return;
    const fromPointer = performance.now() - lastPointer < POINTER_MS;
    if (event.target.type === "radio" && !fromPointer) saveSoon(row);
    // A note's change (it lost focus) sends what typing has not sent yet, if anything.
    else if (event.target.tagName !== "TEXTAREA" || pending.has(row)) saveNow(row);
  });

  // --- a note saves as it is typed, and is kept in this browser until the server has it ---

  function noteOf(row) { return row.querySelector(".row-note textarea"); }
  function draftKey(row) { return "skillgap.note." + form.dataset.assessment + "." + row.id.slice("row-".length); }

  // The draft remembers the note it was written over (`base`): if the page comes back with
  // another note, someone saved that one since, and it is not overwritten.
  function keepDraft(row) {
    const note = noteOf(row);
    const draft = { base: row.dataset.savedNote, text: note.value };
    try { window.localStorage.setItem(draftKey(row), JSON.stringify(draft)); }
    catch (error) { /* no storage: the save on leaving is all there is */ }
  }

  function readDraft(row) {
    try { return JSON.parse(window.localStorage.getItem(draftKey(row))); }
    catch (error) { return null; }
  }

  function noteSaved(row, text) {
    row.dataset.savedNote = text;
    const draft = readDraft(row);
    if (draft && draft.text === text) {
      try { window.localStorage.removeItem(draftKey(row)); } catch (error) { /* as above */ }
    }
  }

  function statusOf(row) { return document.getElementById("status-" + row.id.slice("row-".length)); }

  form.addEventListener("input", function (event) {
    if (event.target.tagName !== "TEXTAREA" || !window.htmx) return;
    const row = rowOf(event.target);
    if (!row) return;
    keepDraft(row);
    const status = statusOf(row);
    if (status) status.textContent = "Saving note…";
    saveSoon(row, NOTE_MS);
  });

  // A reload right after typing can be drawn before the note sent on leaving arrives: the
  // draft this browser kept goes back in and is saved again (saving the same note twice is
  // harmless). A draft over a note saved since elsewhere, or already saved, is dropped.
  function restoreDraft(row) {
    const note = noteOf(row);
    const draft = note && readDraft(row);
    if (!draft) return;
    if (draft.text === note.value || draft.base !== note.value) {
      noteSaved(row, note.value);
      return;
    }
    note.value = draft.text;
    note.closest("details").open = true;
    saveNow(row);
  }
  rows.forEach(restoreDraft);

  // What a save sends, read when htmx sends it (saves of a form queue: answers come in order).
  document.body.addEventListener("htmx:configRequest", function (event) {
    const row = event.detail.elt;
    if (row.classList && row.classList.contains("skill-row") && noteOf(row)) row.dataset.sending = noteOf(row).value;
  });

  // Leaving a row's scale settles its choice: Tab away, N for the note, a click elsewhere.
  form.addEventListener("focusout", function (event) {
    const scale = event.target.closest(".scale");
    if (!scale || scale.contains(event.relatedTarget)) return;
    const row = rowOf(scale);
    if (pending.has(row)) saveNow(row);
  });

  // Leaving the page (or hiding it: a phone may never come back to it) within the settle
  // time still sends the choice or the note.
  function sendPending() {
    pending.forEach(function (timer, row) {
      window.clearTimeout(timer);
      sendOnLeaving(row);
    });
    pending.clear();
  }
  window.addEventListener("pagehide", sendPending);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") sendPending();
  });

  function sendOnLeaving(row) {
    const data = new FormData();
    const token = form.querySelector("input[name=csrfmiddlewaretoken]");
    // What htmx would send: the chosen score and the note (an empty note clears it).
    (row.getAttribute("hx-params") || "").split(",").forEach(function (name) {
      const field = form.elements.namedItem(name);
      if (field && !(name.endsWith("-score") && field.value === "")) data.append(name, field.value);
    });
    const text = noteOf(row) ? noteOf(row).value : "";
    // keepalive lets the request outlive the page; HX-Request keeps the answer a fragment.
    window.fetch(row.getAttribute("hx-post"), {
      method: "POST", body: data, keepalive: true, credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRFToken": token ? token.value : "" },
    }).then(function (response) {
      if (!response.ok) return; // the draft stays for the next visit
      noteSaved(row, text);
      // Still here (the page was only hidden): the answer updates the page, as htmx's would.
      return response.text().then(function (answer) {
        const status = statusOf(row);
        if (status) window.htmx.swap(status, answer, { swapStyle: "outerHTML" });
        markNote(row);
      });
    }).catch(function () { /* the page is gone, or offline: the draft stays */ });
  }

  // One polite announcement per save, naming the skill, instead of 60 live regions. A 404 or
  // 409 says why in the page's alert instead; the row's status did not change.
  document.body.addEventListener("htmx:afterRequest", function (event) {
    const row = event.detail.elt;
    const code = event.detail.xhr ? event.detail.xhr.status : 0;
    if (!row.classList || !row.classList.contains("skill-row")) return;
    if (code >= 300 && code !== 422) return;
    const status = document.getElementById("status-" + row.id.slice("row-".length));
    if (status) say(skillName(row) + ": " + status.textContent.replace("✓", "").trim());
    if (code < 300) {
      markNote(row);
      if (row.dataset.sending !== undefined) noteSaved(row, row.dataset.sending);
    }
  });

  // The note's toggle says whether a note is written, as the page drew it on load.
  function markNote(row) {
    const note = row.querySelector(".row-note textarea");
    const mark = row.querySelector(".row-note .note-written");
    if (note && mark) mark.hidden = note.value.trim() === "";
  }

  // --- keyboard: one Tab stop per skill, shortcuts from its scale -------------------------

  const SHORTCUTS = {
    n: function (row) {
      const note = row.querySelector(".row-note");
      if (!note) return;
      note.open = true;
      note.querySelector("textarea").focus();
    },
    "?": function (row) {
      const wording = row.querySelector(".row-wording");
      if (!wording) return;
      wording.open = !wording.open;
      if (wording.open) row.scrollIntoView({ block: "nearest" });
    },
    u: function (row) { nextUnrated(row); },
  };

  form.addEventListener("keydown", function (event) {
    lastPointer = -Infinity; // a click, then arrows at once: the arrows still settle first
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const row = rowOf(target);
    if (!row) return;
    if (target.tagName === "TEXTAREA") {
      if (event.key === "Escape") {
        target.closest("details").open = false;
        focusRow(row);
      }
      return;
    }
    if (target.type !== "radio") return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : "";
    if (/^[0-5]$/.test(key)) {
      const radio = radios(row)[Number(key)];
      if (radio && !radio.checked) radio.click();
      if (radio) radio.focus();
    } else if (SHORTCUTS[key]) {
      SHORTCUTS[key](row);
    } else {
      return;
    }
    event.preventDefault();
  });

  // With the shortcuts in place, a row's toggles leave the Tab order (a mouse, a touch or a
  // screen reader's browse mode still reach them), and the scale says how to open them.
  function describeKeys(row) {
    const hint = row.querySelector(".row-wording") ? "rate-keys-wording" : "rate-keys";
    row.querySelectorAll(".row-more > summary").forEach(function (summary) {
      summary.tabIndex = -1;
      const key = summary.parentElement.matches(".row-note") ? "N" : "?";
      summary.setAttribute("aria-keyshortcuts", key);
    });
    radios(row).forEach(function (radio) {
      const own = radio.getAttribute("aria-describedby");
      radio.setAttribute("aria-describedby", own ? own + " " + hint : hint);
    });
  }
  rows.forEach(describeKeys);
  // What the keys do, where only JavaScript makes them work: said once in the legend, and
  // once for the scales to be described by.
  const legendNote = document.querySelector(".scale-legend p");
  if (legendNote) {
    legendNote.appendChild(element("span", { class: "rate-keys-help" }, " Keyboard: Tab moves from skill to skill; arrow keys or 0–5 choose a score (saved once you stop); N opens the evidence note, ? a skill’s own wording, U the next unrated skill; Esc leaves a note."));
  }
  [["rate-keys", "Keys: N, the evidence note; U, the next unrated skill."],
    ["rate-keys-wording", "Keys: N, the evidence note; question mark, this skill’s own wording; U, the next unrated skill."]].forEach(function (pair) {
    const hint = element("p", { id: pair[0] }, pair[1]);
    hint.hidden = true;
    form.after(hint);
  });

  // --- next unrated -------------------------------------------------------------------------

  function visible(row) { return !row.hidden; }

  // The first row below the sticky bar: where someone scrolling is reading.
  function rowInView() {
    const bar = document.getElementById("rate-bar");
    const top = bar ? bar.getBoundingClientRect().bottom : 0;
    return rows.find(function (row) { return visible(row) && row.getBoundingClientRect().bottom > top; });
  }

  function nextUnrated(from) {
    const start = from ? rows.indexOf(from) : -1;
    const order = rows.slice(start + 1).concat(rows.slice(0, start + 1));
    const next = order.find(function (row) { return visible(row) && !isRated(row); });
    if (next) {
      focusRow(next);
      next.scrollIntoView({ block: "center" });
      return;
    }
    const filtering = rows.some(function (row) { return !visible(row); });
    // At 100+ skills the next unrated skill may sit in a category not opened yet.
    const closed = filtering ? undefined : sections.find(function (s) { return !loaded(s) && unratedIn(s); });
    if (closed) withRows(closed, function () { nextUnrated(); });
    else if (filtering) say("No unrated skill matches the filter.");
    else {
      say("Every skill is rated.");
      const finish = document.getElementById("finish");
      if (finish) finish.focus();
    }
  }

  // On the page, not the link: each save redraws the link (its words, hidden once all rated).
  document.addEventListener("click", function (event) {
    if (!event.target.closest("#next-unrated")) return;
    event.preventDefault();
    // From the toolbar, the search starts at the row in view, that row included.
    const here = rowInView();
    nextUnrated(here ? rows[rows.indexOf(here) - 1] : undefined);
  });

  // --- a category at once; what to rate next -------------------------------------------

  // A category's score saves as soon as it is chosen, to its category's address, like a
  // row's; the answer updates the estimated rows' statuses, the totals and the lead out of
  // band. Without JavaScript the panel's choices go with "Save all".
  document.querySelectorAll(".cat-panel select").forEach(function (select) {
    select.addEventListener("change", function () {
      if (!window.htmx || select.value === "") return;
      const url = base + "categories/" + select.name.slice("cat-".length) + "/";
      window.htmx.ajax("POST", url, { source: select, swap: "none", values: { score: select.value } });
    });
  });

  // A suggestion leads to its skill's scale, ready for a score (the lead is redrawn after
  // every save, so the listener sits on the page). At 100+ skills its link reads
  // "?category=<slug>#row-<skill>" when that category is closed: it opens, then the row.
  document.addEventListener("click", function (event) {
    const link = event.target.closest("#lead a[href*='#row-']");
    if (link && goToRow(link.getAttribute("href"))) event.preventDefault();
  });

  function goToRow(href) {
    const id = href.slice(href.indexOf("#") + 1);
    const show = function () {
      const row = document.getElementById(id);
      if (!row) return;
      row.scrollIntoView({ block: "center" });
      focusRow(row);
    };
    if (document.getElementById(id)) { show(); return true; }
    const query = href.split("#")[0].split("?")[1] || "";
    const category = new URLSearchParams(query).get("category");
    const section = category ? document.getElementById("section-" + category) : null;
    if (!section) return false; // the page's own link then: the category's page
    withRows(section, show);
    return true;
  }

  // --- rows that arrive later (100+ skills) ---------------------------------------------------

  // A closed category's rows arrive when it opens (its own hx-get, on "toggle"); what waits
  // for them (a lead link, "next unrated") runs once they are in.
  const waiting = new Map(); // section -> what to do once its rows are in
  function loaded(section) { return !section.classList.contains("lazy") || section.dataset.loaded === "1"; }

  function withRows(section, then) {
    if (loaded(section)) { then(); return; }
    if (!waiting.has(section)) waiting.set(section, []);
    waiting.get(section).push(then);
    section.open = true;
  }

  // What the category's badge says: "12 / 50 rated".
  function unratedIn(section) {
    const badge = section.querySelector("summary .badge");
    const counts = badge ? badge.textContent.match(/(\d+) \/ (\d+)/) : null;
    return !!counts && counts[1] !== counts[2];
  }

  // With JavaScript a closed category's name only opens it: its header is no longer a link
  // to the category's page (that is the page without JavaScript).
  form.querySelectorAll("details.lazy > summary h2 a").forEach(function (link) {
    link.replaceWith(link.textContent);
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    const section = event.detail.target;
    if (!section || !section.matches || !section.matches("details.section.lazy")) return;
    section.dataset.loaded = "1";
    section.querySelectorAll(":scope > div[id^='row-']:not(.skill-row)").forEach(function (row) {
      row.classList.add("skill-row");
      inflate(row);
      describeKeys(row);
      row.dataset.folded = foldedTerms(row);
    });
    window.htmx.process(section); // the rows' autosave attributes, set by inflate
    section.querySelectorAll(":scope > .skill-row").forEach(restoreDraft);
    rows = Array.from(form.querySelectorAll(ROWS));
    if (filterActive()) applyFilter();
    (waiting.get(section) || []).forEach(function (then) { then(); });
    waiting.delete(section);
  });

  // --- categories fold and stay folded --------------------------------------------------

  // Per assessment: a re-assessment of the same career starts unfolded. A category drawn
  // closed (100+ skills) is left as it is: opening them all would load every row.
  const foldable = sections.filter(function (s) { return !s.classList.contains("lazy"); });
  const storeKey = "skillgap.rate." + form.dataset.assessment + ".closed";

  function readClosed() {
    try { return JSON.parse(window.localStorage.getItem(storeKey)) || []; }
    catch (error) { return []; } // storage refused (private mode) or spoilt: all open
  }

  // Also runs on the toggles that restoreFolding causes: they write back what was read.
  function writeClosed() {
    if (filterActive()) return;
    const closed = foldable.filter(function (s) { return !s.open; })
      .map(function (s) { return s.id.slice("section-".length); });
    try { window.localStorage.setItem(storeKey, JSON.stringify(closed)); }
    catch (error) { /* nothing to remember it in: folding still works */ }
  }

  function restoreFolding() {
    const closed = new Set(readClosed());
    foldable.forEach(function (s) { s.open = !closed.has(s.id.slice("section-".length)); });
  }

  foldable.forEach(function (s) { s.addEventListener("toggle", writeClosed); });
  restoreFolding();

  // --- the filter ---------------------------------------------------------------------------

  // The filter, which only works with JavaScript, arrives with it: the page's HTML stays lean.
  const tools = document.querySelector(".rate-tools");
  if (tools && form.dataset.aliases) {
    const box = element("div", { class: "rate-filter" });
    box.appendChild(element("label", { class: "visually-hidden", for: "skill-filter" }, "Filter skills by name"));
    box.appendChild(element("input", {
      type: "search", class: "form-control form-control-sm", id: "skill-filter", placeholder: "Filter skills",
      autocomplete: "off", "aria-describedby": "filter-count", "data-aliases": form.dataset.aliases,
    }));
    box.appendChild(element("span", { id: "filter-count", class: "small text-body-secondary", "aria-live": "polite" }));
    tools.appendChild(box);
  }
  const saveButton = document.querySelector("#rate-actions button[type=submit]");
  if (saveButton) saveButton.before(element("span", { class: "small text-body-secondary save-hint" }, "Each change saves as you go."), " ");

  const filterBox = document.querySelector(".rate-filter");
  const filterInput = document.getElementById("skill-filter");
  const filterCount = document.getElementById("filter-count");

  // Lower case without accents: "resume" finds "Résumé".
  function fold(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  // A skill's other names, once asked for (askAliases), by slug.
  let aliasNames = {};
  function foldedTerms(row) {
    const more = aliasNames[row.id.replace(/^row-/, "")] || [];
    return fold([row.dataset.terms || ""].concat(more).join(" "));
  }
  rows.forEach(function (row) { row.dataset.folded = foldedTerms(row); });

  function filterActive() { return !!(filterInput && filterInput.value.trim()); }

  function applyFilter() {
    const words = fold(filterInput.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    rows.forEach(function (row) {
      row.hidden = !words.every(function (w) { return row.dataset.folded.includes(w); });
      if (!row.hidden) shown += 1;
    });
    if (!words.length) {
      sections.forEach(function (s) { s.hidden = false; });
      restoreFolding();
      filterCount.textContent = "";
      return;
    }
    // Opening folded categories to show matches is not remembered (writeClosed skips it).
    // At 100+ skills the filter opens every closed category: it filters their rows as they
    // arrive, and one still loading stays shown.
    sections.forEach(function (s) {
      if (!loaded(s)) { withRows(s, function () {}); return; }
      const any = Array.from(s.querySelectorAll(".skill-row")).some(visible);
      s.hidden = !any;
      if (any) s.open = true;
    });
    filterCount.textContent = shown + " of " + rows.length + " skills match";
  }

  // Other names (aliases) arrive on the first keystroke, not with every row of the page.
  let aliasesAsked = false;
  function askAliases() {
    if (aliasesAsked || !filterInput.dataset.aliases) return;
    aliasesAsked = true;
    fetch(filterInput.dataset.aliases, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (named) {
        aliasNames = named;
        rows.forEach(function (row) { row.dataset.folded = foldedTerms(row); });
        applyFilter();
      })
      .catch(function () { /* the filter still finds names and slugs */ });
  }

  if (filterBox && filterInput) {
    filterBox.hidden = false;
    filterInput.addEventListener("input", function () { askAliases(); applyFilter(); });
  }

  // --- sticky bars: rows scroll clear of them ---------------------------------------------

  function measureBars() {
    const root = document.documentElement.style;
    const bar = document.getElementById("rate-bar");
    const actions = document.getElementById("rate-actions");
    if (bar) root.setProperty("--rate-bar-h", bar.offsetHeight + "px");
    if (actions) root.setProperty("--save-bar-h", actions.offsetHeight + "px");
  }
  measureBars();
  if (window.ResizeObserver) {
    const observer = new ResizeObserver(measureBars);
    ["rate-bar", "rate-actions"].forEach(function (id) {
      const element = document.getElementById(id);
      if (element) observer.observe(element);
    });
  }
})();
