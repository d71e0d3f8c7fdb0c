// GET /api/v1/openapi.json: the OpenAPI 3.1 description of /api/v1 (lib/api/openapi.ts), generated from the zod schemas
// the routes use and built once per process. Public, like many products' API descriptions: it holds the API's shape,
// which is in the source anyway, and nothing of this instance's data; client generators and API tools fetch it
// without a token, from any origin.
import { apiHandler } from "@/lib/api/handler";
import { openApiDocumentJson } from "@/lib/api/openapi";

export const GET = apiHandler(async () => {
  return new Response(openApiDocumentJson(), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    },
  });
});
