import { formatDateTime, isoUtc } from "@/lib/format/time";

/** A delivery's moment in the admin's zone (UTC on hover), or a dash when there is none (never tried, not due). */
export function DeliveryTime({ date, timeZone }: { date: Date | null; timeZone: string }) {
  return date ? (
    <time dateTime={date.toISOString()} title={isoUtc(date)}>
      {formatDateTime(date, timeZone)}
    </time>
  ) : (
    <>—</>
  );
}
