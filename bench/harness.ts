/**
 * A small benchmark harness for `npm run bench`: runs a task several times, prints the median wall
 * time and the peak heap growth seen while it ran. Benchmarks report figures; they assert nothing about
 * speed (timed assertions are flaky on shared machines).
 */
import { performance } from "node:perf_hooks";

export interface BenchResult {
  name: string;
  runs: number;
  medianMs: number;
  /** Median CPU time (user + system) of the process per run. */
  cpuMs: number;
  minMs: number;
  maxMs: number;
  peakHeapMB: number;
}

const results: BenchResult[] = [];

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

/** Time `task` (sync or async) `runs` times after one warm-up run; returns and records the figures. */
export async function measure(name: string, task: () => unknown, runs = 7): Promise<BenchResult> {
  await task(); // warm-up: JIT and caches
  const times: number[] = [];
  const cpu: number[] = [];
  let peak = 0;
  for (let i = 0; i < runs; i++) {
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    let maxHeap = before;
    const sampler = setInterval(() => {
      maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
    }, 5);
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
    clearInterval(sampler);
    maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
    peak = Math.max(peak, (maxHeap - before) / 2 ** 20);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const result: BenchResult = {
    name,
    runs,
    medianMs: times[Math.floor(times.length / 2)],
    cpuMs: cpu[Math.floor(cpu.length / 2)],
    minMs: times[0],
    maxMs: times[times.length - 1],
    peakHeapMB: peak,
  };
  results.push(result);
  console.log(
    `${name.padEnd(58)} median ${result.medianMs.toFixed(1).padStart(9)} ms (cpu ${result.cpuMs.toFixed(1)})` +
      `  (min ${result.minMs.toFixed(1)}, max ${result.maxMs.toFixed(1)}, n=${runs})` +
      `  peak heap +${result.peakHeapMB.toFixed(1)} MB`,
  );
  return result;
}
