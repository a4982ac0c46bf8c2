// Uses the graphql-ws reference client to subscribe to balanceChanged on the server at
// process.argv[2] (ws://…/graphql) with the token process.argv[3], for entity process.argv[4],
// resuming after sequence process.argv[5]. Prints each event's data as one JSON line and exits
// after process.argv[6] events.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, token, entityId, after, count] = process.argv.slice(2);
const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
let seen = 0;
await new Promise((resolve, reject) => {
  const dispose = client.subscribe(
    {
      query: 'subscription($id: ID!, $after: Long) { balanceChanged(entityId: $id, afterSequence: $after) { sequence sourceEntityId period } }',
      variables: { id: entityId, after: Number(after) },
    },
    {
      next: (result) => {
        console.log(JSON.stringify(result));
        if (++seen >= Number(count)) {
          dispose();
          resolve();
        }
      },
      error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
      complete: resolve,
    },
  );
});
await client.dispose();
