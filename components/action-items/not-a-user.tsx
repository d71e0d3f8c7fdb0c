// An action item's owner that a report named but who has no account here: shown wherever such an item is listed (the
// action-item table, a service's page). A plain component, so server-rendered pages use it without the table's code.
export function NotAUser({ name, className = "" }: { name: string; className?: string }) {
  return (
    <span
      className={`inline-flex max-w-48 flex-wrap items-baseline gap-1 ${className}`}
      title={`${name} is not a user here: no reminders go to them. Choose a user to assign it.`}
    >
      <span className="truncate" data-testid="owner-name-kept">
        {name}
      </span>
      <span className="rounded bg-amber-50 px-1 text-[11px] font-medium whitespace-nowrap text-amber-800 ring-1 ring-amber-200 ring-inset">not a user</span>
    </span>
  );
}
