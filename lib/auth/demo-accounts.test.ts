import { beforeAll, describe, expect, it } from "vitest";
import { demoAccountsToShow } from "@/lib/auth/demo-accounts";
import { hashPassword } from "@/lib/auth/password";
import { getDb } from "@/lib/db/client";
import { DEMO_USERS, seedDemo } from "@/prisma/seed";
import { ownDatabaseForThisFile } from "@/test/helpers/own-database";

// The demo accounts have fixed emails: a database of this file's own, so no other file's rows count.
ownDatabaseForThisFile();

beforeAll(async () => {
  await seedDemo(() => {});
});

describe("the demo accounts on the sign-in page", () => {
  it("lists every demo account with its published password on a demo instance", async () => {
    const shown = await demoAccountsToShow({ demoInstance: true });
    expect(shown).toEqual(DEMO_USERS.map(({ email, password, role }) => ({ email, password, role })));
  });

  it("lists none on an instance on the operator's own PostgreSQL, even one loaded with the demo data", async () => {
    expect(await demoAccountsToShow({ demoInstance: false })).toEqual([]);
  });

  it("leaves out an account whose password was changed, and one that was deactivated", async () => {
    const [admin, , , viewer] = DEMO_USERS;
    await demoAccountsToShow({ demoInstance: true }); // the published passwords checked once already
    await getDb().user.update({ where: { email: admin!.email }, data: { passwordHash: await hashPassword("a password only the admin knows") } });
    await getDb().user.update({ where: { email: viewer!.email }, data: { active: false } });
    const shown = await demoAccountsToShow({ demoInstance: true });
    expect(shown.map((account) => account.email)).toEqual(DEMO_USERS.slice(1, 3).map((user) => user.email));
  });
});
