"use client";

// A modal dialog on the native <dialog> element. showModal() makes the rest of the page inert, moves focus into the
// dialog and turns Escape into a "cancel" event; here Escape (and any other way the browser closes it) goes through
// onClose, so the caller's state stays the one truth about whether it is open. Two things the browser leaves out are
// added: Tab from the last control wraps to the first (Chromium would move on to its own toolbar), and focus goes back
// to the control that opened the dialog even when the caller unmounts it instead of closing it.
import { useEffect, useRef, type ComponentProps, type KeyboardEvent, type RefObject } from "react";

const FOCUSABLE = 'a[href], area[href], button, input, select, textarea, iframe, summary, [tabindex], [contenteditable="true"]';

/** The controls Tab visits inside `container`, in order (of a radio group only the checked button is a stop). */
export function tabStops(container: HTMLElement): HTMLElement[] {
  const candidates = Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (element) =>
      element.tabIndex >= 0 &&
      !element.matches(":disabled") &&
      !(element instanceof HTMLInputElement && element.type === "hidden") &&
      element.getClientRects().length > 0,
  );
  return candidates.filter((element) => {
    if (!(element instanceof HTMLInputElement) || element.type !== "radio" || !element.name || element.checked) return true;
    const group = candidates.filter(
      (other): other is HTMLInputElement => other instanceof HTMLInputElement && other.type === "radio" && other.name === element.name,
    );
    // an unchecked radio is a stop only when nothing in its group is checked, and then only the first of the group
    return !group.some((radio) => radio.checked) && group[0] === element;
  });
}

export function Dialog({
  open,
  onClose,
  labelledBy,
  returnFocusTo,
  className = "",
  children,
  onKeyDown,
  ...props
}: Omit<ComponentProps<"dialog">, "open" | "onClose" | "onCancel"> & {
  open: boolean;
  /** Escape, or the browser closing the dialog: the caller decides what closing means and sets `open` false */
  onClose: () => void;
  /** the id of the element that names the dialog (its heading) */
  labelledBy: string;
  /**
   * where focus goes when the dialog closes, when that is not simply what had focus as it opened: a dialog that opens
   * when a request comes back finds the button that sent it disabled and focus already gone to the page
   */
  returnFocusTo?: RefObject<HTMLElement | null>;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const returnTo = returnFocusTo;
    return () => {
      if (dialog.open) dialog.close();
      const target = returnTo?.current?.isConnected ? returnTo.current : opener;
      if (target?.isConnected) target.focus();
    };
  }, [open, returnFocusTo]);

  const keepTabInside = (event: KeyboardEvent<HTMLDialogElement>) => {
    onKeyDown?.(event);
    if (event.defaultPrevented || event.key !== "Tab" || !ref.current) return;
    const stops = tabStops(ref.current);
    if (stops.length === 0) {
      event.preventDefault();
      return;
    }
    const first = stops[0];
    const last = stops[stops.length - 1];
    if (event.shiftKey && (document.activeElement === first || document.activeElement === ref.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      aria-modal="true"
      aria-labelledby={labelledBy}
      className={`m-auto rounded-lg bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-900/50 ${className}`}
      onCancel={(event) => {
        // Escape: keep the dialog open until the caller says otherwise
        event.preventDefault();
        onCloseRef.current();
      }}
      onClose={() => {
        // the close event arrives a task later: ignore it when the dialog is open again by then (a re-run effect)
        if (open && !ref.current?.open) onCloseRef.current();
      }}
      onKeyDown={keepTabInside}
      {...props}
    >
      {children}
    </dialog>
  );
}
