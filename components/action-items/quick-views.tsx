import Link from "next/link";
import { actionItemViewHref, quickView, type ActionItemView } from "@/lib/action-items/schema";

const VIEWS = [
  { which: "all", label: "All" },
  { which: "mine", label: "My action items" },
  { which: "overdue", label: "Overdue" },
] as const;

/** One click to the views people want most; each is a plain link that sets the URL. */
export function QuickViews({ view }: { view: ActionItemView }) {
  const current = actionItemViewHref({ ...view, page: 1 });
  return (
    <nav className="flex gap-1 rounded-lg bg-slate-100 p-1 text-sm" aria-label="Action item views">
      {VIEWS.map(({ which, label }) => {
        const href = actionItemViewHref(quickView(view, which));
        const active = href === current;
        return (
          <Link
            key={which}
            href={href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 font-medium ${active ? "bg-white text-indigo-700 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
