"use client";

// The follow-up forms, fetched when their disclosure is first opened (components/ui/disclosure.tsx, whose Suspense
// shows "Loading…" meanwhile), not with the report page. Exported as components of their own: a server component
// cannot render a `lazy()` object itself.
import { lazy, type ComponentProps } from "react";

const LazyScheduleForm = lazy(() => import("@/components/follow-ups/schedule-form").then((module) => ({ default: module.ScheduleForm })));
const LazyOutcomeForm = lazy(() => import("@/components/follow-ups/outcome-form").then((module) => ({ default: module.OutcomeForm })));

export function ScheduleForm(props: ComponentProps<typeof LazyScheduleForm>) {
  return <LazyScheduleForm {...props} />;
}

export function OutcomeForm(props: ComponentProps<typeof LazyOutcomeForm>) {
  return <LazyOutcomeForm {...props} />;
}
