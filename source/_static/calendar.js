/* The calendar page in the browser: filter the next two months by role.
   Progressive enhancement: without JavaScript the filter stays hidden and
   every row shows. Rows carry their roles as classes (licence-role-<id>). */
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const filter = document.querySelector(".licence-due-filter");
  const select = document.querySelector('[data-due-filter="role"]');
  if (!filter || !select) return;
  filter.hidden = false;
  const apply = () => {
    const role = select.value;
    for (const row of document.querySelectorAll("table.licence-due tbody tr")) {
      row.hidden = Boolean(role) && !row.classList.contains(`licence-role-${role}`);
    }
  };
  // calendar.html#role=noc_manager opens the page filtered
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("role");
  if (fromHash) select.value = fromHash;
  select.addEventListener("change", apply);
  apply();
});
