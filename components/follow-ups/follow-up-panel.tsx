// The report's follow-up review: when it is and who attends, its agenda (the report's open action items and its
// preventive measures), and — for SREs and up — scheduling it, changing it and recording its outcome. Reviews
// already held are listed below with what they found. Loads its own data: place it with the incident's id.
import { can } from "@/lib/auth/permissions";
import type { ActorUser } from "@/lib/auth/actor";
import { formatDateTime, isoUtc } from "@/lib/format/time";
import type { FollowUpPanelData, FollowUpReviewView, Person } from "@/lib/follow-ups/queries";
import { utcToWallClock } from "@/lib/follow-ups/wall-clock";
import { Badge } from "@/components/ui/badge";
import { Markdown } from "@/components/markdown";
import { OverdueBadge } from "@/components/action-items/overdue-badge";
import { STATUS_LABELS, formatDueDate } from "@/components/action-items/labels";
import type { FollowUpFormAction } from "@/components/follow-ups/schedule-form";
import { OutcomeForm, ScheduleForm } from "@/components/follow-ups/lazy-forms";
import { Disclosure } from "@/components/ui/disclosure";

export type FollowUpActions = { schedule: FollowUpFormAction; update: FollowUpFormAction; record: FollowUpFormAction };

function When({ at, timeZone }: { at: string; timeZone: string }) {
  return (
    <time dateTime={at} title={isoUtc(new Date(at))}>
      {formatDateTime(new Date(at), timeZone)}
    </time>
  );
}

function Attendees({ review }: { review: FollowUpReviewView }) {
  return (
    <p className="text-sm text-slate-700" data-testid="follow-up-attendees">
      <span className="font-medium">Attendees: </span>
      {review.attendees.length ? review.attendees.map((person) => person.name).join(", ") : <span className="text-slate-400">nobody invited yet</span>}
    </p>
  );
}

function Agenda({ agenda }: { agenda: FollowUpPanelData["agenda"] }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2" data-testid="follow-up-agenda">
      <div>
        <h4 className="mb-1 text-sm font-semibold">Open action items</h4>
        {agenda.actionItems.length ? (
          <ul className="space-y-1 text-sm">
            {agenda.actionItems.map((item) => (
              <li key={item.id}>
                <span>{item.title}</span>{" "}
                <span className="mr-1 text-xs text-slate-500">
                  {STATUS_LABELS[item.status].toLowerCase()}
                  {item.owner ? ` · ${item.owner}` : " · unassigned"}
                  {item.dueDate ? ` · due ${formatDueDate(item.dueDate)}` : ""}
                </span>
                {item.overdue ? <OverdueBadge /> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-500">None: every action item is done or dropped.</p>
        )}
      </div>
      <div>
        <h4 className="mb-1 text-sm font-semibold">Preventive measures to judge</h4>
        {agenda.preventiveMeasures.length ? (
          <ol className="list-decimal space-y-1 pl-5 text-sm">
            {agenda.preventiveMeasures.map((measure) => (
              <li key={measure.id}>{measure.text}</li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-slate-500">The report lists none.</p>
        )}
      </div>
    </div>
  );
}

function HeldReview({ review, timeZone }: { review: FollowUpReviewView; timeZone: string }) {
  return (
    <li className="space-y-2 rounded-md p-4 ring-1 ring-inset ring-slate-200" data-testid="held-review">
      <p className="text-sm font-semibold">
        <When at={review.scheduledAt} timeZone={timeZone} /> <Badge tone="green">Held</Badge>
        {review.furtherReviewNeeded ? <span className="ml-2 text-xs font-normal text-slate-500">further review scheduled</span> : null}
      </p>
      <Attendees review={review} />
      {review.measureOutcomes.length ? (
        <ul className="space-y-1 text-sm">
          {review.measureOutcomes.map((outcome) => (
            <li key={outcome.preventiveMeasureId} className="flex flex-wrap items-center gap-2">
              <Badge tone={outcome.effective ? "green" : "red"}>{outcome.effective ? "Effective" : "Not effective"}</Badge>
              <span>{outcome.text}</span>
              {outcome.note ? <span className="text-slate-500">— {outcome.note}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <div data-testid="review-outcome">
        <Markdown>{review.outcome}</Markdown>
      </div>
    </li>
  );
}

/** `data` and `people` are read by the report page with the rest of it (lib/incidents/report-page.ts). */
export function FollowUpPanel({
  viewer,
  data,
  people,
  actions,
}: {
  viewer: ActorUser;
  data: FollowUpPanelData | null;
  people: Person[];
  actions: FollowUpActions;
}) {
  if (!data) return null;
  const { timeZone } = viewer;
  const canEdit = can(viewer.role, "follow-up:edit");
  const { current } = data;
  return (
    <section
      className="break-inside-avoid space-y-4 rounded-lg bg-white p-6 shadow ring-1 ring-slate-200 print:shadow-none print:ring-0"
      data-testid="follow-up-panel"
    >
      <h2 className="text-lg font-semibold">Follow-up review</h2>
      {current ? (
        // keyed by the review: after an outcome is recorded, the next review starts with closed, empty forms
        <div key={current.id} className="space-y-4">
          <p className="text-sm font-semibold" data-testid="follow-up-when">
            <When at={current.scheduledAt} timeZone={timeZone} />
            {current.previousReviewId ? <span className="ml-2 text-xs font-normal text-slate-500">(further review)</span> : null}
          </p>
          {current.note ? <Markdown>{current.note}</Markdown> : null}
          <Attendees review={current} />
          <Agenda agenda={data.agenda} />
          {canEdit ? (
            <div className="space-y-3">
              <Disclosure summary="Record the outcome">
                <OutcomeForm action={actions.record} review={current} measures={data.agenda.preventiveMeasures} timeZone={timeZone} />
              </Disclosure>
              <Disclosure summary="Change date, attendees or note">
                <ScheduleForm
                  action={actions.update}
                  people={people}
                  timeZone={timeZone}
                  target={{ id: current.id, version: current.version }}
                  initial={{
                    scheduledAt: utcToWallClock(current.scheduledAt, timeZone),
                    note: current.note,
                    attendeeIds: current.attendees.map((person) => person.id),
                  }}
                />
              </Disclosure>
            </div>
          ) : null}
        </div>
      ) : (
        <div className="space-y-4">
          <p className="text-sm text-slate-500">No follow-up review is scheduled.</p>
          {canEdit ? (
            <Disclosure summary="Schedule a follow-up review">
              <ScheduleForm action={actions.schedule} people={people} timeZone={timeZone} target={{ incident: data.incidentId }} />
            </Disclosure>
          ) : null}
        </div>
      )}
      {data.held.length ? (
        <div>
          <h3 className="mb-2 text-sm font-semibold">Reviews held</h3>
          <ul className="space-y-3">
            {data.held.map((review) => (
              <HeldReview key={review.id} review={review} timeZone={timeZone} />
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
