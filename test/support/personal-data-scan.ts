/**
 * Finds resident ID numbers in files: any 18-character run that is a *valid* resident ID (birth date
 * and check digit), so hashes and timestamps do not count. Used after the suite on its logs and on
 * the raw database files of FerretDB and the Temporal dev server.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isValidResidentId } from '../../domain/resident-id';

const CANDIDATE = /(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])/g;

export function findResidentIds(text: string): string[] {
  return [...new Set([...text.matchAll(CANDIDATE)].map((m) => m[0]).filter(isValidResidentId))];
}

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else yield full;
  }
}

/** Every file under `dir` that holds a resident ID in plain text (as UTF-8 or UTF-16 bytes). */
export function scanForResidentIds(dir: string): Array<{ file: string; ids: string[] }> {
  const hits: Array<{ file: string; ids: string[] }> = [];
  for (const file of files(dir)) {
    if (file.endsWith('workflow-bundle.js')) continue; // code, not data
    const buf = readFileSync(file);
    const ids = [...findResidentIds(buf.toString('latin1')), ...findResidentIds(buf.toString('utf16le'))];
    if (ids.length > 0) hits.push({ file: path.relative(dir, file), ids: [...new Set(ids)] });
  }
  return hits;
}
