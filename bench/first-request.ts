// Run by first-press.ts as a process of its own: Lumen's chat request, three times in a row, in a
// fresh process, after nothing or after a plain request for the model list (what core's start-up
// asks). Prints when each request was sent (Date.now()), for the service's log to be matched against.
import { streamAnswer } from '../src/core/assistant/stream-answer';

const [endpoint, key, before] = process.argv.slice(2) as [string, string, 'nothing' | 'model-list'];
if (before === 'model-list') {
  await (await fetch(`${endpoint}/models`, { headers: { Authorization: `Bearer ${key}` } })).json();
}
const sentAt: number[] = [];
for (let i = 0; i < 3; i++) {
  sentAt.push(Date.now());
  await streamAnswer({ endpoint, key, model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello.' }], onDelta() {} });
}
process.stdout.write(JSON.stringify(sentAt));
