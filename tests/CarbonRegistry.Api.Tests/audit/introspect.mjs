// Loads the schema as GraphQL tools do: sends graphql-js's standard introspection query (with or
// without descriptions, per process.argv[4]) to the server at process.argv[2] with the bearer
// token process.argv[3], builds the client schema, and compares it with the SDL file
// process.argv[5]. Prints one JSON line: { ok, differences } (both schemas sorted and printed by
// graphql-js, so order and formatting do not count; with descriptions, they must match too).
import { readFileSync } from 'node:fs';
import { buildClientSchema, buildSchema, getIntrospectionQuery, lexicographicSortSchema, printSchema } from 'graphql';

const [url, token, descriptions, sdlFile] = process.argv.slice(2);
const withDescriptions = descriptions === 'true';
const response = await fetch(url, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/graphql-response+json' },
  body: JSON.stringify({ query: getIntrospectionQuery({ descriptions: withDescriptions, schemaDescription: withDescriptions }) }),
});
const result = await response.json();
if (result.errors) {
  console.log(JSON.stringify({ ok: false, status: response.status, errors: result.errors }));
  process.exit(0);
}

const print = (schema) => printSchema(lexicographicSortSchema(schema));
// Without descriptions the schema block says only what the defaults say (Query, Mutation,
// Subscription), which printSchema leaves out of one side and not the other: drop it from both,
// with the blank lines printSchema puts around described fields.
const strip = (sdl) =>
  withDescriptions ? sdl : sdl.replace(/^\s*"""[\s\S]*?"""\n|^\s*"(?:[^"\\]|\\.)*"\n/gm, '').replace(/^schema \{[^}]*\}\n\n?/m, '').replace(/\n{2,}/g, '\n');
const served = strip(print(buildClientSchema(result.data)));
const file = strip(print(buildSchema(readFileSync(sdlFile, 'utf8'))));
const servedLines = served.split('\n');
const fileLines = file.split('\n');
const differences = servedLines.filter((l) => !fileLines.includes(l)).map((l) => `served: ${l}`).concat(fileLines.filter((l) => !servedLines.includes(l)).map((l) => `file: ${l}`));
console.log(JSON.stringify({ ok: served === file, status: response.status, differences: differences.slice(0, 20) }));
