/**
 * `npm run demo`: plays a whole round through the HTTP API and prints a Chinese summary.
 * By default it starts its own platform in memory with the clock at CLOCK_START (2026-03-02 09:00
 * Beijing time), so the round's publicity windows fall in a year whose holiday calendar is loaded.
 * `npm run demo -- --url http://localhost:3000` plays against a running `npm start` instead.
 */
import { startPlatform } from '../infra/local/platform.ts';
import { playDemoRound } from './demo-round.ts';
import { summarize } from './demo-summary.ts';

const urlArg = process.argv.indexOf('--url');
const url = urlArg > 0 ? process.argv[urlArg + 1] : undefined;
const platform = url
  ? undefined
  : await startPlatform({
      port: 0,
      inMemory: true,
      clockStart: process.env.CLOCK_START ?? '2026-03-02T09:00:00+08:00',
    });
try {
  const result = await playDemoRound(url ?? platform!.url, (line) => console.log(`… ${line}`));
  console.log(`\n${summarize(result)}`);
} finally {
  await platform?.stop();
}
