/** Memory of this process's children (DynamoDB Local's JVM), read from /proc (Linux only). */
import { readdirSync, readFileSync } from 'node:fs';

interface ProcInfo {
  pid: number;
  ppid: number;
  command: string;
  peakRssKiB: number;
}

function readProc(pid: number): ProcInfo | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1];
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    return { pid, ppid: Number(field('PPid') ?? 0), command, peakRssKiB: Number(field('VmHWM') ?? 0) };
  } catch {
    return undefined;
  }
}

/** Every descendant of this process, with its peak resident set (VmHWM). */
export function descendants(root = process.pid): ProcInfo[] {
  let all: ProcInfo[];
  try {
    all = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map((name) => readProc(Number(name)))
      .filter((info): info is ProcInfo => info !== undefined);
  } catch {
    return [];
  }
  const found: ProcInfo[] = [];
  const parents = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const info of all) {
      if (parents.has(info.ppid) && !parents.has(info.pid)) {
        parents.add(info.pid);
        found.push(info);
        grew = true;
      }
    }
  }
  return found;
}

/** Peak RSS of the DynamoDB Local JVM(s) started by this process, MiB (0 when not found). */
export const dynamoDbLocalPeakRssMiB = (): number =>
  Math.round(
    descendants()
      .filter((p) => p.command.includes('DynamoDBLocal'))
      .reduce((sum, p) => sum + p.peakRssKiB, 0) / 1024,
  );
