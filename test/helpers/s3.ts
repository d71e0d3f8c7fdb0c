// A local S3-compatible server for tests: s3rver (the stand-in for AWS S3, MinIO, R2, Ceph) in this process, on
// 127.0.0.1 and a free port, with its data in a temporary directory and the bucket made; and the settings that point
// the app at it (HINDSIGHT_STORAGE=s3 and the HINDSIGHT_S3_* variables, read through env() like any setting).
//
// Tests that cover where attachments are stored run once per storage: describe.each(STORAGE_MODES) with
// storageForDescribe(mode) at the top of the describe.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { afterAll, beforeAll } from "vitest";
import { getDb } from "@/lib/db/client";

// s3rver checks signatures against these (its README); the app's client finds them in the environment, as it would
// find real ones (the AWS SDK's default credential chain).
const ACCESS_KEY = "S3RVER";
const SECRET_KEY = "S3RVER";

export type TestS3 = {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  port: number;
  bucket: string;
  /** A client of the test's own, to look into the bucket independently of the code under test. */
  client: S3Client;
  /** The object's bytes, or null when there is none under `key`. */
  read(key: string): Promise<Buffer | null>;
  exists(key: string): Promise<boolean>;
  /** Writes an object directly, behind the app's back. */
  write(key: string, body: Uint8Array): Promise<void>;
  stop(): Promise<void>;
};

export async function startS3rver({ bucket = "hindsight-test" }: { bucket?: string } = {}): Promise<TestS3> {
  const directory = await mkdtemp(path.join(tmpdir(), "hindsight-s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const missing = (error: unknown) => error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404;
  return {
    endpoint,
    port,
    bucket,
    client,
    async read(key) {
      try {
        const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return Buffer.from(await output.Body!.transformToByteArray());
      } catch (error) {
        if (missing(error)) return null;
        throw error;
      }
    },
    async exists(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (error) {
        if (missing(error)) return false;
        throw error;
      }
    },
    async write(key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: body.byteLength }));
    },
    async stop() {
      client.destroy();
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

const VARIABLES = [
  "HINDSIGHT_STORAGE",
  "HINDSIGHT_S3_BUCKET",
  "HINDSIGHT_S3_ENDPOINT",
  "HINDSIGHT_S3_REGION",
  "HINDSIGHT_S3_FORCE_PATH_STYLE",
  "HINDSIGHT_S3_PREFIX",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
] as const;

/**
 * Points the app's new files at `s3` (or at `endpoint`, e.g. a proxy in front of it), with a key prefix as an operator
 * would set one. Returns the function that puts every variable back.
 */
export function useObjectStorage(s3: TestS3, { endpoint = s3.endpoint, storage = "s3" }: { endpoint?: string; storage?: "s3" | "postgres" } = {}): () => void {
  const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  Object.assign(process.env, {
    HINDSIGHT_STORAGE: storage,
    HINDSIGHT_S3_BUCKET: s3.bucket,
    HINDSIGHT_S3_ENDPOINT: endpoint,
    HINDSIGHT_S3_FORCE_PATH_STYLE: "true",
    HINDSIGHT_S3_PREFIX: "hindsight",
    AWS_ACCESS_KEY_ID: ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: SECRET_KEY,
  });
  delete process.env.HINDSIGHT_S3_REGION;
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

export const STORAGE_MODES = ["postgres", "s3"] as const;
export type StorageMode = (typeof STORAGE_MODES)[number];

/**
 * Call at the top of a describe: with "s3", an s3rver runs for the describe's tests and new files go to it; with
 * "postgres", the default settings. `storedBytes` reads a stored attachment's bytes from wherever its row says.
 */
export function storageForDescribe(mode: StorageMode): { s3: () => TestS3; storedBytes: (attachmentId: string) => Promise<Buffer | null> } {
  let s3: TestS3 | undefined;
  let restore: (() => void) | undefined;
  if (mode === "s3") {
    beforeAll(async () => {
      s3 = await startS3rver();
      restore = useObjectStorage(s3);
    });
    afterAll(async () => {
      restore?.();
      await s3?.stop();
    });
  }
  return {
    s3: () => {
      if (!s3) throw new Error("No s3rver runs for this describe (storage mode postgres).");
      return s3;
    },
    storedBytes: async (attachmentId) => {
      const row = await getDb().attachment.findUniqueOrThrow({ where: { id: attachmentId }, select: { objectKey: true } });
      if (row.objectKey) return s3 ? s3.read(row.objectKey) : null;
      const chunks = await getDb().attachmentChunk.findMany({ where: { attachmentId }, orderBy: { index: "asc" } });
      return Buffer.concat(chunks.map((chunk) => chunk.data));
    },
  };
}
