// `npm run db:seed`: loads the demo users and sample incident into the configured database (or the embedded one).
import { withDatabase } from "@/lib/db/bootstrap";
import { seedDemo } from "@/prisma/seed";
import { loadDotEnvFile } from "@/scripts/launcher-settings";

loadDotEnvFile(); // .env as `npm start` reads it (variables set in the environment win over it)
const { users } = await withDatabase(() => seedDemo());
console.log("\nDemo sign-ins (change or deactivate them before real use):");
for (const user of users) console.log(`  ${user.role.padEnd(8)} ${user.email.padEnd(22)} ${user.password}`);
