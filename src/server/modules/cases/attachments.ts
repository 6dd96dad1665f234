// Attachments: the database keeps the metadata (name, type, size, SHA-256); the bytes go to a
// store behind this interface — a directory on disk by default, object storage in a deployment.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface AttachmentStore {
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | undefined>;
}

/** Files under `dir`, named by their content hash (the same file twice is stored once). */
export function diskStore(dir: string): AttachmentStore {
  return {
    async put(key, bytes) {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, key), bytes);
    },
    async get(key) {
      try {
        return await readFile(join(dir, key));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
  };
}

/** For an in-memory database (tests): the bytes live as long as the process. */
export function memoryStore(): AttachmentStore {
  const m = new Map<string, Buffer>();
  return { put: async (k, b) => void m.set(k, b), get: async (k) => m.get(k) };
}

export const sha256Hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Types an officer may attach: documents, images, spreadsheets, audio of a hotline call. */
export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'text/plain', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'audio/mpeg'] as const;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
