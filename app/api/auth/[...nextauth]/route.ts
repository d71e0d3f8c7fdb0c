// Auth.js endpoints: OIDC redirects and callbacks, CSRF token, session, sign-out.
import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { withRequestOrigin } from "@/lib/auth/request-origin";

export const GET = (request: NextRequest) => handlers.GET(withRequestOrigin(request));
export const POST = (request: NextRequest) => handlers.POST(withRequestOrigin(request));
