/**
 * `npm start`: the whole platform on this machine. PORT (default 3000), DATA_DIR (default .data),
 * CLOCK_START (the clock's instant on the very first start). Ctrl-C stops it; starting again
 * resumes from .data with nothing lost.
 */
import { pathToFileURL } from 'node:url';
import { startPlatform } from './platform.ts';

export { type Platform, type PlatformOptions, startPlatform } from './platform.ts';

async function main(): Promise<void> {
  const platform = await startPlatform();
  const line = (label: string, value: string) => `  ${label.padEnd(22)}${value}`;
  console.log(
    [
      '',
      '太原市政府质量奖评审平台（本地模式）已启动 — Taiyuan Quality Award platform, local mode',
      '',
      line('Portal 门户', `${platform.url}/`),
      line('API', `${platform.url}/v1/health`),
      line('OpenAPI', `${platform.url}/v1/openapi.json`),
      line('Dev token 测试令牌', `POST ${platform.url}/v1/dev/tokens  {"sub":"staff-1","roles":["staff"]}`),
      line(
        'Clock 平台时钟',
        `GET/POST ${platform.url}/v1/dev/clock  now ${platform.clock.now().toISOString()}`,
      ),
      line('DynamoDB Local', platform.endpoints.dynamodb),
      line('S3 (s3rver)', platform.endpoints.s3),
      line('Step Functions', platform.endpoints.stepFunctions),
      line('Data 数据目录', platform.dataDir),
      '',
      'Ctrl-C to stop 按 Ctrl-C 停止',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping… 正在停止…`);
    await platform.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
