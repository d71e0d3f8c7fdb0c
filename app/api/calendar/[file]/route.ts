// GET /api/calendar/{token}.ics: a user's private calendar feed (RFC 5545), for Google Calendar, Outlook and the
// like to subscribe to. No session: the secret token in the URL is the only key, so an unknown, revoked or
// malformed token is a plain 404 that says nothing more.
import { apiHandler } from "@/lib/api/handler";
import { publicOrigin, routeParam } from "@/lib/api/http";
import { NotFoundError } from "@/lib/errors";
import { serializeCalendar } from "@/lib/calendar/ics";
import { calendarFor, findCalendarOwner } from "@/lib/calendar/queries";

export const GET = apiHandler<{ params: Promise<{ file: string }> }>(async (request, { params }) => {
  const file = routeParam((await params).file);
  const owner = file.endsWith(".ics") ? await findCalendarOwner(file.slice(0, -".ics".length)) : null;
  if (!owner) throw new NotFoundError("The calendar");
  const body = serializeCalendar(await calendarFor(owner, publicOrigin(request)));
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="hindsight.ics"',
      // the URL is a secret: no shared cache may keep the feed, and search engines must not list it
      "Cache-Control": "private, no-store",
      "X-Robots-Tag": "noindex",
    },
  });
});
