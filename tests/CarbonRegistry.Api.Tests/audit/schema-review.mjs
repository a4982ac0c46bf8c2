// Schema change review: the breaking changes (graphql-js findBreakingChanges) from the last
// release's SDL (process.argv[2]) to the current one (process.argv[3]) must each be named in the
// "## Unreleased" section of the changelog (process.argv[4]) by its schema coordinate (the
// "Type.field" or type name the change is about). Prints one JSON line: { breaking, unlisted }.
import { readFileSync } from 'node:fs';
import { buildSchema, findBreakingChanges } from 'graphql';

const [releaseFile, currentFile, changelogFile] = process.argv.slice(2);
const release = buildSchema(readFileSync(releaseFile, 'utf8'));
const current = buildSchema(readFileSync(currentFile, 'utf8'));
const changelog = readFileSync(changelogFile, 'utf8');
const unreleased = (/^## Unreleased\s*$([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(changelog)?.[1]) ?? '';

const breaking = findBreakingChanges(release, current).map((change) => ({
  type: change.type,
  description: change.description,
  coordinate: /^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)?/.exec(change.description)?.[0] ?? change.description,
}));
const unlisted = breaking.filter((change) => !unreleased.includes(change.coordinate));
console.log(JSON.stringify({ breaking, unlisted }));
