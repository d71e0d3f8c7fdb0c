"use client";

import { buttonClass } from "@/components/ui/button";

/** Opens the browser's print dialog: the print stylesheet (app/print.css) makes the PDF. */
export function PrintButton() {
  return (
    <button type="button" className={buttonClass("secondary")} onClick={() => window.print()}>
      Print / PDF
    </button>
  );
}
