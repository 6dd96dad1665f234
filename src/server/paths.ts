// Locates the shipped data/ folder, whether running from src/ (tsx, tests) or dist/ (built).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'data'))) return dir;
    dir = resolve(dir, '..');
  }
  throw new Error('Cannot find the project root (package.json beside data/)');
}

export const projectRoot = findRoot();
export const dataPath = (...parts: string[]) => join(projectRoot, 'data', ...parts);
