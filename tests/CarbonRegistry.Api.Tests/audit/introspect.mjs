// Loads the schema as GraphQL tools do: sends graphql-js's standard introspection query (with or
// without descriptions, per process.argv[4]) to the server at process.argv[2] with the bearer
// token process.argv[3], builds the client schema, and compares it with the SDL file
// process.argv[5] taken through the same introspection. Both are sorted and printed by graphql-js,
// so order and formatting do not count. Prints one JSON line: { ok, status, differences }.
import { readFileSync } from 'node:fs';
import { buildClientSchema, buildSchema, getIntrospectionQuery, introspectionFromSchema, lexicographicSortSchema, printSchema } from 'graphql';

const [url, token, descriptions, sdlFile] = process.argv.slice(2);
const options = { descriptions: descriptions === 'true', schemaDescription: descriptions === 'true' };
const response = await fetch(url, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/graphql-response+json' },
  body: JSON.stringify({ query: getIntrospectionQuery(options) }),
});
const result = await response.json();
if (result.errors) {
  console.log(JSON.stringify({ ok: false, status: response.status, errors: result.errors }));
  process.exit(0);
}

const print = (introspection) => printSchema(lexicographicSortSchema(buildClientSchema(introspection)));
const served = print(result.data);
const file = print(introspectionFromSchema(buildSchema(readFileSync(sdlFile, 'utf8')), options));
const servedLines = served.split('\n');
const fileLines = file.split('\n');
const differences = servedLines.filter((l) => !fileLines.includes(l)).map((l) => `served: ${l}`).concat(fileLines.filter((l) => !servedLines.includes(l)).map((l) => `file: ${l}`));
console.log(JSON.stringify({ ok: served === file, status: response.status, differences: differences.slice(0, 20) }));
