import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { LabContext, type LabServices } from './app/lab-context.js';
import { createConsoleChannel, createLabConnection, labSocketUrl } from './connection/index.js';
import { createLabStore } from './store/index.js';
import { installTestHooks } from './terminal/index.js';

// Composition root: one store, one console channel, one connection.
const store = createLabStore();
const consoleChannel = createConsoleChannel();
const connection = createLabConnection({ url: labSocketUrl(window.location), store, console: consoleChannel });
const services: LabServices = { store, connection, console: consoleChannel };

installTestHooks(window);
connection.start();
window.addEventListener('online', () => connection.retryNow());

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <LabContext.Provider value={services}>
      <App />
    </LabContext.Provider>
  </StrictMode>,
);
