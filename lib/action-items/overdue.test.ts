import { describe, expect, it } from "vitest";
import { isOverdue, localDay, todayIn } from "@/lib/action-items/overdue";

const due = (day: string, status = "OPEN") => ({ status, dueDate: new Date(`${day}T00:00:00.000Z`) });

describe("overdue in the viewer's time zone", () => {
  // 23:30 on 1 December in Los Angeles is 07:30 on 2 December in UTC
  const lateEveningInLosAngeles = new Date("2024-12-02T07:30:00Z");

  it("is not yet overdue on its due day in Los Angeles although that day is over in UTC", () => {
    const item = due("2024-12-01");
    expect(localDay(lateEveningInLosAngeles, "America/Los_Angeles")).toBe("2024-12-01");
    expect(isOverdue(item, todayIn("America/Los_Angeles", lateEveningInLosAngeles))).toBe(false);
    expect(isOverdue(item, todayIn("UTC", lateEveningInLosAngeles))).toBe(true);
  });

  it("becomes overdue at local midnight, not at UTC midnight", () => {
    const item = due("2024-12-01");
    // 23:59 on 1 Dec in LA / 00:00 on 2 Dec in LA
    expect(isOverdue(item, todayIn("America/Los_Angeles", new Date("2024-12-02T07:59:00Z")))).toBe(false);
    expect(isOverdue(item, todayIn("America/Los_Angeles", new Date("2024-12-02T08:00:00Z")))).toBe(true);
    // east of UTC the day ends earlier: 00:30 on 2 Dec in Tokyo is still 1 Dec in UTC
    const earlyInTokyo = new Date("2024-12-01T15:30:00Z");
    expect(isOverdue(item, todayIn("Asia/Tokyo", earlyInTokyo))).toBe(true);
    expect(isOverdue(item, todayIn("UTC", earlyInTokyo))).toBe(false);
  });

  it("only counts items still to do, with a due date", () => {
    const today = todayIn("UTC", new Date("2025-01-10T12:00:00Z"));
    expect(isOverdue(due("2025-01-09", "IN_PROGRESS"), today)).toBe(true);
    expect(isOverdue(due("2025-01-09", "DONE"), today)).toBe(false);
    expect(isOverdue(due("2025-01-09", "WONT_DO"), today)).toBe(false);
    expect(isOverdue(due("2025-01-10"), today)).toBe(false);
    expect(isOverdue({ status: "OPEN", dueDate: null }, today)).toBe(false);
  });

  it("reads due dates written as calendar days in report documents", () => {
    const today = todayIn("Europe/Berlin", new Date("2025-01-10T00:30:00+01:00"));
    expect(isOverdue({ status: "OPEN", dueDate: "2025-01-09" }, today)).toBe(true);
    expect(isOverdue({ status: "OPEN", dueDate: "2025-01-10" }, today)).toBe(false);
  });

  it("treats a zone the runtime does not know as UTC", () => {
    expect(localDay(new Date("2024-12-02T07:30:00Z"), "Mars/Olympus_Mons")).toBe("2024-12-02");
  });
});
