/**
 * Small measuring tools shared by the benchmark sections: percentiles, a peak-memory sampler,
 * the size of a folder, and the table printed at the end.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Latency figures in milliseconds. */
export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

/** Summarises latencies (ms). */
export function summarize(latencies: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(latencies).sort();
  let total = 0;
  for (const v of sorted) total += v;
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? (sorted[sorted.length - 1] ?? 0) : 0,
    mean: sorted.length ? total / sorted.length : 0,
  };
}

/** Peak RSS and heap seen while a section runs; sampling every 20 ms misses only brief spikes. */
export interface MemoryPeak {
  rssMiB: number;
  heapUsedMiB: number;
}

export function sampleMemory(everyMs = 20): { stop(): MemoryPeak } {
  let rss = 0;
  let heap = 0;
  const take = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  take();
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    stop() {
      take();
      clearInterval(timer);
      return { rssMiB: mib(rss), heapUsedMiB: mib(heap) };
    },
  };
}

export const mib = (bytes: number): number => round(bytes / 1024 / 1024, 1);

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Bytes and file count of the regular files directly in `dir` (a file gone meanwhile is skipped). */
export async function folderSize(dir: string): Promise<{ bytes: number; files: number }> {
  const names = await readdir(dir);
  let bytes = 0;
  let files = 0;
  const batch = 256;
  for (let i = 0; i < names.length; i += batch) {
    const sizes = await Promise.all(names.slice(i, i + batch).map((n) => stat(join(dir, n)).then((s) => (s.isFile() ? s.size : -1), () => -1)));
    for (const size of sizes) {
      if (size < 0) continue;
      bytes += size;
      files += 1;
    }
  }
  return { bytes, files };
}

/** Runs `tasks` with at most `limit` in flight at once. */
export async function pool<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** A deterministic pseudo-random source (mulberry32), so runs are comparable. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A plain-text table with right-aligned figures. */
export function table(title: string, header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? format(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [title, line(header), rule, ...cells.slice(1).map(line)].join('\n');
}

function format(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}
