/**
 * One process spending from the record in DIR, as the web host and the command line do: it says
 * "ready", and on "go" adds COUNT costs of USD each (ESTIMATED: "estimated" or "known"), then exits
 * once every one is written.
 */
import { silentLogger } from '../../../../src/core/ports';
import { JsonRecordStore } from '../../../../src/core/storage/json-record-store';
import { Budget } from '../../../../src/core/usage/budget';

const [dir, count, usd, estimated] = process.argv.slice(2);
if (!dir || !process.send) throw new Error('Run as a child process: spender.ts DIR COUNT USD estimated|known');
const send = process.send.bind(process);

const november = () => new Date(2026, 10, 26, 12);
const budget = await Budget.open(new JsonRecordStore(dir), () => 0, silentLogger, november);

process.once('message', async () => {
  for (let i = 0; i < Number(count); i++) budget.add({ usd: Number(usd), estimated: estimated === 'estimated' });
  await budget.flushed();
  process.disconnect();
});
send('ready');
