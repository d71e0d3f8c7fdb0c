import { afterEach, describe, expect, it, vi } from "vitest";
import { env, EnvironmentError, parseEnvironment } from "@/lib/env";
import { publicOrigin } from "@/lib/api/http";
import { appBaseUrl } from "@/lib/mail/links";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("settings from the environment", () => {
  it("refuses an unusable value with one message naming the variable", () => {
    expect(() => parseEnvironment({ DATABASE_POOL_MAX: "ten" })).toThrow(EnvironmentError);
    expect(() => parseEnvironment({ DATABASE_POOL_MAX: "ten" })).toThrow(/^DATABASE_POOL_MAX must be a whole number/);
    expect(() => parseEnvironment({ AUTH_URL: "hindsight.example.com" })).toThrow(/^AUTH_URL must be an http:\/\/ or https:\/\/ URL/);
    expect(() => parseEnvironment({ HINDSIGHT_WORKER: "sometimes" })).toThrow(/^HINDSIGHT_WORKER must be one of/);
    expect(() => parseEnvironment({ PORT: "70000" })).toThrow(/^PORT must be a TCP port/);
    expect(() => parseEnvironment({ LOG_LEVEL: "verbose" })).toThrow(/^LOG_LEVEL must be one of fatal, error, warn, info/);
    expect(() => parseEnvironment({ HINDSIGHT_STORAGE: "disk" })).toThrow(/^HINDSIGHT_STORAGE must be postgres or s3/);
  });

  it("wants a bucket for object storage, and nothing of it otherwise", () => {
    expect(() => parseEnvironment({ HINDSIGHT_STORAGE: "s3" })).toThrow(/^HINDSIGHT_S3_BUCKET must be set when HINDSIGHT_STORAGE=s3/);
    expect(parseEnvironment({ HINDSIGHT_STORAGE: "S3", HINDSIGHT_S3_BUCKET: "pm" }).HINDSIGHT_STORAGE).toBe("s3");
    expect(parseEnvironment({}).HINDSIGHT_STORAGE).toBe("postgres");
  });

  it("gives defaults for what is unset", () => {
    const settings = parseEnvironment({});
    expect(settings.DATABASE_POOL_MAX).toBe(10);
    expect(settings.AUTH_TRUST_HOST).toBe(true);
    expect(settings.HINDSIGHT_WORKER).toBe(true);
    expect(settings.LOG_LEVEL).toBe("info");
    expect(settings.HOST).toBeUndefined(); // the launcher decides, by database (scripts/start.ts)
    expect(settings.appUrl).toBeNull();
  });

  it("resolves the app's URL once, from AUTH_URL else NEXTAUTH_URL, for every caller", async () => {
    vi.stubEnv("AUTH_URL", "");
    vi.stubEnv("NEXTAUTH_URL", "https://pm.example.com/hindsight/api/auth");
    expect(env().appUrl).toEqual({ origin: "https://pm.example.com", baseUrl: "https://pm.example.com/hindsight", https: true });
    // API responses and mail links agree (mail read only AUTH_URL before).
    expect(publicOrigin(new Request("http://localhost:3000/x"))).toBe("https://pm.example.com");
    expect(await appBaseUrl()).toBe("https://pm.example.com/hindsight");
    vi.stubEnv("AUTH_URL", "http://10.0.0.5:3000/");
    expect(env().appUrl).toEqual({ origin: "http://10.0.0.5:3000", baseUrl: "http://10.0.0.5:3000", https: false });
  });

  it("reads a variable changed after import", () => {
    vi.stubEnv("MAIL_FROM", "Ops <ops@example.com>");
    expect(env().MAIL_FROM).toBe("Ops <ops@example.com>");
    vi.stubEnv("MAIL_FROM", "  ");
    expect(env().MAIL_FROM).toBeUndefined();
  });
});
