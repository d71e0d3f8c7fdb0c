"use client";

// The follow-up forms, fetched when their disclosure is first opened (components/ui/disclosure.tsx), not with the
// report page.
import { lazy } from "react";

export const ScheduleForm = lazy(() => import("@/components/follow-ups/schedule-form").then((module) => ({ default: module.ScheduleForm })));
export const OutcomeForm = lazy(() => import("@/components/follow-ups/outcome-form").then((module) => ({ default: module.OutcomeForm })));
