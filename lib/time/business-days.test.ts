import { describe, expect, it } from "vitest";
import { addBusinessDays, isBusinessDay, nextBusinessDayFrom } from "@/lib/time/business-days";

// 2025-03-03 is a Monday.
describe("business days", () => {
  it("skips Saturday and Sunday", () => {
    expect(addBusinessDays("2025-03-06", 1)).toBe("2025-03-07"); // Thursday -> Friday
    expect(addBusinessDays("2025-03-07", 1)).toBe("2025-03-10"); // Friday -> Monday
    expect(addBusinessDays("2025-03-03", 5)).toBe("2025-03-10"); // Monday -> next Monday
    expect(addBusinessDays("2025-03-07", 5)).toBe("2025-03-14"); // Friday -> next Friday
    expect(addBusinessDays("2025-03-05", 12)).toBe("2025-03-21"); // two weekends
  });

  it("counts from the Monday after when the start is a Saturday or Sunday", () => {
    expect(addBusinessDays("2025-03-08", 1)).toBe("2025-03-11"); // Saturday -> Tuesday
    expect(addBusinessDays("2025-03-09", 1)).toBe("2025-03-11"); // Sunday -> Tuesday
    expect(addBusinessDays("2025-03-08", 5)).toBe("2025-03-17");
    expect(addBusinessDays("2025-03-09", 0)).toBe("2025-03-10");
  });

  it("crosses month and year ends by the calendar", () => {
    expect(addBusinessDays("2024-12-27", 3)).toBe("2025-01-01"); // Friday 27 Dec -> Wednesday 1 Jan
    expect(addBusinessDays("2024-02-28", 2)).toBe("2024-03-01"); // leap year: Wed 28 Feb -> Fri 1 Mar
  });

  it("refuses a day that is not a day, and a negative or fractional count", () => {
    expect(() => addBusinessDays("2025-02-29", 1)).toThrow(RangeError);
    expect(() => addBusinessDays("2025-03-03", -1)).toThrow(RangeError);
    expect(() => addBusinessDays("2025-03-03", 1.5)).toThrow(RangeError);
  });

  it("knows which days are business days", () => {
    expect(["2025-03-07", "2025-03-08", "2025-03-09", "2025-03-10"].map(isBusinessDay)).toEqual([true, false, false, true]);
    expect(nextBusinessDayFrom("2025-03-08")).toBe("2025-03-10");
    expect(nextBusinessDayFrom("2025-03-07")).toBe("2025-03-07");
  });
});
