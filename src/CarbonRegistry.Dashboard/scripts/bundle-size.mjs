// Prints the gzip-compressed size of every file the build produced and fails when the total
// reaches 1 MB, the dashboard's budget.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const budget = 1024 * 1024;
const root = fileURLToPath(new URL('../dist/', import.meta.url));

function* files(directory) {
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

let total = 0;
for (const path of files(root)) {
  const size = gzipSync(readFileSync(path), { level: 9 }).length;
  total += size;
  console.log(`  ${relative(root, path).padEnd(40)} ${(size / 1024).toFixed(1).padStart(8)} KiB gzip`);
}
console.log(`dashboard bundle: ${(total / 1024).toFixed(1)} KiB gzip in all (budget ${budget / 1024} KiB)`);
if (total >= budget) {
  console.error('dashboard bundle: over budget');
  process.exit(1);
}
