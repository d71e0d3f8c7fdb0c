// The demo sign-ins, one per role: what `npm run db:seed` creates and what the browser tests sign in with. A module of
// its own, free of the database layer, so that the tests' browser-side helpers can read it without loading server code.
import type { Role } from "../lib/generated/prisma/enums";

export type DemoUser = { email: string; name: string; role: Role; password: string };

// Demo credentials are public by design: they exist to try the app, on a database created for that.
export const DEMO_USERS: DemoUser[] = [
  { email: "admin@example.com", name: "Ada Admin", role: "ADMIN", password: "hindsight-admin" },
  { email: "manager@example.com", name: "Morgan Manager", role: "MANAGER", password: "hindsight-manager" },
  { email: "sre@example.com", name: "Sam Reliability", role: "SRE", password: "hindsight-sre" },
  { email: "viewer@example.com", name: "Vic Viewer", role: "VIEWER", password: "hindsight-viewer" },
];
