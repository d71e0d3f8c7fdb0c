import { describe, expect, it } from "vitest";
import { latestSubmissionNote } from "@/lib/reviews/submission-note";

const at = (minute: number) => new Date(Date.UTC(2025, 6, 1, 8, minute));
const submit = (minute: number, note?: string, name = "Sam SRE") => ({ action: "review.submit", at: at(minute), meta: note ? { note } : {}, actor: { name } });

describe("latestSubmissionNote", () => {
  it("gives the newest submission's note with who wrote it and when", () => {
    expect(latestSubmissionNote([submit(9, "Second look please"), submit(1, "First draft")])).toEqual({ note: "Second look please", by: "Sam SRE", at: at(9) });
  });

  it("keeps the round's earlier note when a resubmission says nothing", () => {
    expect(latestSubmissionNote([submit(9), submit(1, "First postmortem on the payment path.")])?.note).toBe("First postmortem on the payment path.");
  });

  it("forgets notes written before the report was reopened", () => {
    const reopened = { action: "review.reopen", at: at(5), meta: { reason: "numbers missing" }, actor: { name: "Mo Manager" } };
    expect(latestSubmissionNote([submit(9), reopened, submit(1, "Old note")])).toBeNull();
  });

  it("says nothing for blank notes or a deleted author's name", () => {
    expect(latestSubmissionNote([submit(3, "   ")])).toBeNull();
    expect(latestSubmissionNote([{ ...submit(3, "Hi"), actor: null }])).toEqual({ note: "Hi", by: null, at: at(3) });
  });
});
