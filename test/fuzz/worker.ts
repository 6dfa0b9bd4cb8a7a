// The fuzzer's worker thread: translates each case it is sent and reports the outcome.
import { parentPort } from 'node:worker_threads';
import { translateSource } from '../../src/translate/index';
import { mslProblem } from './fuzzer';

parentPort?.on('message', (m: { name: string; text: string }) => {
  let reply: { outcome: string; detail?: string };
  try {
    const t = translateSource(m.name, m.text);
    const problem = t.ok && t.msl ? mslProblem(t.msl) : null;
    reply = problem ? { outcome: 'bad-msl', detail: problem } : { outcome: t.ok ? 'ok' : 'diagnostics' };
  } catch (e) {
    reply = { outcome: 'crash', detail: e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 4).join(' | ') : String(e) };
  }
  parentPort?.postMessage(reply);
});
