// Types for the parts of s3rver 3.7 (no types of its own) that test/helpers/s3.ts uses, from its README.
declare module "s3rver" {
  import type { AddressInfo } from "node:net";
  import type { Server } from "node:http";

  type S3rverOptions = {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    configureBuckets?: { name: string; configs: (string | Buffer)[] }[];
  };

  export default class S3rver {
    constructor(options?: S3rverOptions);
    /** Starts the server; resolves with the address it listens on. */
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    /** the server `run` started */
    httpServer?: Server;
  }
}
