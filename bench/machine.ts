/**
 * What the benchmarks need of the machine: two cores to keep server and load generator apart
 * (taskset), and the server process's memory from /proc.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const SERVER_CORE = '1';
const LOAD_CORE = '0';

/** Server and load generator each get a core: there are two, and taskset to assign them. */
export function canPin(): boolean {
  if (availableParallelism() < 2) return false;
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The command and arguments that run `node <args>` on the server's core, or unpinned. */
export function serverCommand(pinned: boolean, args: readonly string[]): [string, string[]] {
  return pinned
    ? ['taskset', ['-c', SERVER_CORE, process.execPath, ...args]]
    : [process.execPath, [...args]];
}

/** Moves this process, the load generator, to its own core. */
export function pinLoadGenerator(): void {
  execFileSync('taskset', ['-p', '-c', LOAD_CORE, String(process.pid)], { stdio: 'ignore' });
}

/** Moves this process to the server's core: for in-process figures comparable to its. */
export function pinInProcess(): void {
  execFileSync('taskset', ['-p', '-c', SERVER_CORE, String(process.pid)], { stdio: 'ignore' });
}

/** VmRSS in MB, or undefined once the process is gone. */
export function rssMegabytes(pid: number): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return Number(line![1]) / 1024;
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process, in seconds (to the clock tick, 10 ms). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

export const PINNING_NOTE = (pinned: boolean): string =>
  pinned ? 'server on core 1, load on core 0' : 'NOT pinned (no taskset or one core)';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
