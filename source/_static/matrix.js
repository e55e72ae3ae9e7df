/* The traceability matrix in the browser: sort by a column, filter by
   provision, assurance level or text, or to the rows awaiting review
   (suspect links).  No libraries, nothing fetched: it works offline. */
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const table of document.querySelectorAll("table.licence-sortable")) {
    makeSortable(table);
  }
  const provision = document.querySelector('[data-matrix-filter="provision"]');
  const level = document.querySelector('[data-matrix-filter="assurance"]');
  const text = document.querySelector('[data-matrix-filter="text"]');
  const review = document.querySelector('[data-matrix-filter="review"]');
  const matrix = document.querySelector("table.licence-matrix");
  if (!matrix) return;
  const count = document.querySelector(".licence-matrix-count");
  const apply = () => {
    const wanted = provision ? provision.value : "";
    const wantedLevel = level ? level.value : "";
    const words = text ? text.value.trim().toLowerCase() : "";
    let shown = 0;
    for (const row of matrix.tBodies[0].rows) {
      const okProvision = !wanted || row.classList.contains(`provision-${wanted}`);
      const okText = !words || row.textContent.toLowerCase().includes(words);
      const okReview = !review?.checked || row.classList.contains("licence-suspect");
      const okLevel = !wantedLevel || row.classList.contains(`assurance-${wantedLevel}`);
      row.hidden = !(okProvision && okLevel && okText && okReview);
      if (!row.hidden) shown += 1;
    }
    if (count) count.textContent = `${shown} ${count.dataset.label}`;
  };
  // a link such as matrix.html#provision=SP_02 opens the matrix filtered
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("provision");
  if (provision && fromHash) provision.value = fromHash;
  provision?.addEventListener("change", apply);
  level?.addEventListener("change", apply);
  text?.addEventListener("input", apply);
  review?.addEventListener("change", apply);
  apply();
});

function makeSortable(table) {
  const headers = table.tHead ? table.tHead.rows[0].cells : [];
  Array.from(headers).forEach((th, column) => {
    th.tabIndex = 0;
    th.setAttribute("aria-sort", "none");
    th.classList.add("licence-sort");
    const sort = () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      for (const other of headers) other.setAttribute("aria-sort", "none");
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const body = table.tBodies[0];
      const rows = Array.from(body.rows);
      const key = (row) => row.cells[column]?.textContent.trim() ?? "";
      rows.sort((a, b) => key(a).localeCompare(key(b), undefined, { numeric: true }));
      if (!ascending) rows.reverse();
      body.append(...rows);
    };
    th.addEventListener("click", sort);
    th.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        sort();
      }
    });
  });
}
