/* Printing a slip (a number for a citizen, a referral) through the browser's own print dialog: the
   slip is copied into #print-area, the only thing the print style sheet shows. */
import { $ } from "/pages/common.js";

export function printSlip(node) {
  const area = $("print-area");
  area.replaceChildren(node.cloneNode(true));
  window.antreStaffPrinted = (window.antreStaffPrinted || 0) + 1;   // read by tests (print() is modal)
  window.print();
}
