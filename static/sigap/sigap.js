// SIGAP: small progressive enhancements, no inline scripts (CSP).
document.addEventListener("change", function (event) {
  // Auto-submit the language switcher when JavaScript is available.
  if (event.target && event.target.id === "lang-select") {
    event.target.form.submit();
  }
});

// Area pickers (sigap.core.forms.AreaInput): the autocomplete endpoint expects the typed
// text as `q`, whatever the input's own form name is (e.g. "victims-0-origin_area").
document.addEventListener("htmx:configRequest", function (event) {
  var elt = event.detail.elt;
  if (!elt || !elt.hasAttribute || !elt.hasAttribute("data-area-autocomplete")) {
    return;
  }
  var params = event.detail.parameters;
  params.q = elt.value;
  if (elt.name && elt.name !== "q") {
    delete params[elt.name];
  }
});

// Formsets (templates/partials/formset.html): "add another row" clones the empty form kept
// in a <template>, numbering it and updating the management form's TOTAL_FORMS.
document.addEventListener("click", function (event) {
  var button = event.target && event.target.closest ? event.target.closest("[data-formset-add]") : null;
  if (!button) {
    return;
  }
  var prefix = button.getAttribute("data-formset-add");
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  var maxNum = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
  var template = document.getElementById(prefix + "-empty");
  var rows = document.getElementById(prefix + "-rows");
  if (!total || !template || !rows) {
    return;
  }
  var index = parseInt(total.value, 10);
  if (maxNum && index >= parseInt(maxNum.value, 10)) {
    return;
  }
  var holder = document.createElement("div");
  holder.innerHTML = template.innerHTML
    .replace(/__prefix__/g, String(index))
    .replace(/__num__/g, String(index + 1));
  var row = holder.firstElementChild;
  rows.appendChild(row);
  total.value = String(index + 1);
  if (window.htmx) {
    window.htmx.process(row);
  }
  var first = row.querySelector("input, select, textarea");
  if (first) {
    first.focus();
  }
});

// The "add another row" buttons need JavaScript, so they start hidden.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-formset-add]").forEach(function (button) {
    button.hidden = false;
  });
});

// Duplicate check of a person row (templates/partials/duplicate_check.html): a change in the
// row's fields (not in the candidate choice itself) asks the server for candidates again.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (!target || !target.closest || target.classList.contains("dup-choice")) {
    return;
  }
  var scope = target.closest("[data-dup-scope]");
  var box = scope ? scope.querySelector(".dup-check") : null;
  if (box && window.htmx) {
    window.htmx.trigger(box, "dup-check");
  }
});

// Printable pages (privacy notice, breach notice): a button that opens the print dialog.
document.addEventListener("click", function (event) {
  var button = event.target && event.target.closest ? event.target.closest("[data-print]") : null;
  if (button) {
    window.print();
  }
});

// Phones (issue 13 §3): the header menu folds behind a "Menu" button on narrow screens.
// Without JavaScript the button stays hidden and the whole menu is shown, wrapped.
document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.querySelector(".menu-toggle");
  var nav = toggle ? document.getElementById(toggle.getAttribute("aria-controls")) : null;
  if (!toggle || !nav) {
    return;
  }
  document.documentElement.classList.add("js-menu");
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("open", open);
  });
});

// Phones: a data table (with a header row and at least four columns) becomes a list of cards
// on narrow screens; each cell is labelled with its column header (data-label, shown by CSS).
function sigapTableCards(root) {
  root.querySelectorAll("table").forEach(function (table) {
    if (!table.closest("main") || table.classList.contains("no-cards") || !table.tHead) {
      return;
    }
    var headRow = table.tHead.rows[table.tHead.rows.length - 1];
    if (!headRow || headRow.cells.length < 4) {
      return;
    }
    var labels = Array.prototype.map.call(headRow.cells, function (cell) {
      return cell.textContent.replace(/\s+/g, " ").trim();
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var col = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && labels[col]) {
            cell.setAttribute("data-label", labels[col]);
          }
          col += cell.colSpan || 1;
        });
      });
    });
    table.classList.add("as-cards");
  });
}

// Phones: a table that stays a table and is wider than the screen scrolls inside its own box;
// that box takes the keyboard focus so it can be scrolled without a mouse (WCAG 2.1.1).
function sigapScrollableTables(root) {
  root.querySelectorAll("table:not(.as-cards)").forEach(function (table) {
    if (!table.closest("main")) {
      return;
    }
    if (table.scrollWidth > table.clientWidth + 1 && !table.hasAttribute("tabindex")) {
      table.setAttribute("tabindex", "0");
    }
  });
}

function sigapTables(root) {
  sigapTableCards(root);
  sigapScrollableTables(root);
}

document.addEventListener("DOMContentLoaded", function () {
  sigapTables(document);
});

// Sections that htmx swaps in (case workspace tabs, lazy sections, lists) get the same
// treatment; both functions skip what they have already done, so the whole page is re-read.
document.addEventListener("htmx:afterSettle", function () {
  sigapTables(document);
});
