// GraphiQL against this server's /graphql, signed in with the token the dashboard keeps (the same
// origin, the same storage key), with example operations for each role.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './explorer.css';
import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';
import { useState, type FormEvent } from 'react';
import { examples } from './examples';

const tokenKey = 'carbon-registry-token';

async function fetcher(params: unknown): Promise<unknown> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json', Authorization: `Bearer ${localStorage.getItem(tokenKey) ?? ''}` },
    body: JSON.stringify(params),
  });
  return response.json();
}

function SignIn({ onToken }: { onToken: (token: string) => void }) {
  const [value, setValue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) onToken(value.trim());
  };
  return (
    <form className="sign-in" onSubmit={submit}>
      <h1>Carbon Registry · GraphiQL</h1>
      <p>Paste a token to explore the API. Ask the registry's administrator for one; a token the dashboard holds in this browser is used without asking.</p>
      <textarea id="token" value={value} onChange={(event) => setValue(event.target.value)} rows={4} />
      <button type="submit">Sign in</button>
    </form>
  );
}

function Explorer() {
  const [token, setToken] = useState(localStorage.getItem(tokenKey));
  if (!token) {
    return (
      <SignIn
        onToken={(value) => {
          localStorage.setItem(tokenKey, value);
          setToken(value);
        }}
      />
    );
  }
  return <GraphiQL fetcher={fetcher} defaultTabs={examples} />;
}

createRoot(document.getElementById('explorer')!).render(<Explorer />);
