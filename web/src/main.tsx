/** Entry point: read /config.json, find out whether this is the local platform, then render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { loadRuntimeConfig } from './config.ts';
import { api } from './lib/api.ts';
import { setPlatformNow } from './lib/hooks.ts';
import './styles.css';

/** Local mode is the embedded platform: it alone answers GET /v1/dev/clock with 200. */
async function detectLocalMode(): Promise<boolean> {
  try {
    const { now } = await api.devClock();
    setPlatformNow(now);
    return true;
  } catch {
    return false;
  }
}

async function start(): Promise<void> {
  await loadRuntimeConfig();
  const localMode = await detectLocalMode();
  document.documentElement.dataset.mode = localMode ? 'local' : 'cloud';
  const root = document.getElementById('root');
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <App localMode={localMode} />
    </StrictMode>,
  );
}

void start();
