/**
 * The planner the pane uses: the planning worker (plan.worker.ts) where the platform has Web Workers
 * (every webview the manifest admits: WebView2, WKWebView, the browsers of Excel on the web), the
 * same-thread LocalPlanner otherwise or when the worker cannot start. The worker is the pane's own
 * script, loaded from the pane's origin (webpack emits it as a separate file).
 */
import { Cancelled, type CancelSignal } from "../runtime/scheduling";
import type { BuildOptions, SheetKind } from "./builders/types";
import type { SheetPlan } from "./plan";
import { LocalPlanner, SheetFailed, type PlanProgress, type PlanSource, type Planner } from "./planner";
import { timed, timedSync } from "./timing";
import { PlanReceiver, codeTransactions, restoreError, type FromWorker, type ToWorker, type TransferredMeasure } from "./transfer";

/** The worker could not be started or loaded: the build goes on with the same-thread planner. */
class WorkerUnavailable extends Error {}

/** How often the page checks its Cancel flag while the worker works (ms). */
const CANCEL_POLL_MS = 100;

/** Copies the worker's step measures into the page's timeline (for the benchmark and the dev tools). */
function recordMeasures(list: readonly TransferredMeasure[]): void {
  if (typeof performance === "undefined" || typeof performance.measure !== "function") return;
  for (const m of list) {
    try {
      const start = m.start - performance.timeOrigin;
      performance.measure(m.name, { start, end: start + m.duration });
    } catch {
      // an older User Timing API: not recorded
    }
  }
}

class WorkerPlanner implements Planner {
  private listener?: (m: FromWorker) => void;
  private failure?: (e: Error) => void;
  private readonly poll: ReturnType<typeof setInterval>;
  private started = false;
  private disposed = false;
  private broken?: Error;

  constructor(
    private readonly worker: Worker,
    private readonly from: PlanSource,
    private readonly signal: CancelSignal,
  ) {
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.listener?.(event.data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      const why = this.started ? new Error(`The planning worker stopped: ${event.message || "unknown error"}`) : new WorkerUnavailable(event.message || "the worker did not load");
      // A worker that failed answers nothing more: later requests fail at once instead of waiting.
      this.broken = why;
      this.failure?.(why);
    };
    // Cancel: the worker is stopped at once; the request in flight ends as Cancelled.
    this.poll = setInterval(() => {
      if (this.signal.aborted) {
        this.dispose();
        this.failure?.(new Cancelled("The build was cancelled; no sheet was left behind."));
      }
    }, CANCEL_POLL_MS);
  }

  /** One request and its answer; `onMessage` returns a value to finish, undefined to wait for more. */
  private request<T>(message: ToWorker, onMessage: (m: FromWorker) => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.disposed || this.broken) {
        reject(this.broken ?? new Cancelled("The build was cancelled; no sheet was left behind."));
        return;
      }
      const done = (): void => {
        this.listener = undefined;
        this.failure = undefined;
      };
      this.failure = (e) => {
        done();
        reject(e);
      };
      this.listener = (m) => {
        try {
          const result = onMessage(m);
          if (result !== undefined) {
            done();
            resolve(result);
          }
        } catch (e) {
          done();
          reject(e);
        }
      };
      timedSync(`send ${message.type}`, () => this.worker.postMessage(message));
    });
  }

  async prepare(options: BuildOptions): Promise<BuildOptions> {
    const transactions = await timed("code data", () => codeTransactions(this.from.transactions, this.signal));
    return this.request({ type: "prepare", source: this.from.source, mapping: this.from.mapping, transactions, options }, (m) => {
      if (m.type === "prepared") {
        this.started = true;
        recordMeasures(m.measures);
        return m.options;
      }
      if (m.type === "failed") {
        recordMeasures(m.measures);
        throw restoreError(m.error);
      }
      return undefined;
    });
  }

  plan(kind: SheetKind, options: BuildOptions, progress: PlanProgress): Promise<SheetPlan> {
    const receiver = new PlanReceiver();
    return this.request({ type: "plan", kind, options }, (m) => {
      switch (m.type) {
        case "progress":
          progress(m.fraction, m.message);
          return undefined;
        case "plan":
        case "rows":
          receiver.take(m);
          return undefined;
        case "planned":
          recordMeasures(m.measures);
          return receiver.result();
        case "failed":
          recordMeasures(m.measures);
          throw new SheetFailed(restoreError(m.error), m.modelFit);
        default:
          return undefined;
      }
    });
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.poll);
    this.worker.terminate();
  }
}

/** A planner that falls back to the same thread when the worker cannot start. */
class FallbackPlanner implements Planner {
  private current: Planner;

  constructor(
    worker: Worker,
    private readonly from: PlanSource,
    private readonly signal: CancelSignal,
  ) {
    this.current = new WorkerPlanner(worker, from, signal);
  }

  async prepare(options: BuildOptions): Promise<BuildOptions> {
    try {
      return await this.current.prepare(options);
    } catch (e) {
      if (!(e instanceof WorkerUnavailable)) throw e;
      this.current.dispose();
      this.current = new LocalPlanner(this.from, this.signal);
      return this.current.prepare(options);
    }
  }

  plan(kind: SheetKind, options: BuildOptions, progress: PlanProgress): Promise<SheetPlan> {
    return this.current.plan(kind, options, progress);
  }

  dispose(): void {
    this.current.dispose();
  }
}

/** The planning worker, or null where Web Workers are missing or refused. */
function startWorker(): Worker | null {
  if (typeof Worker !== "function") return null;
  try {
    return new Worker(new URL("./plan.worker.ts", import.meta.url));
  } catch {
    return null;
  }
}

/** The planner for one build: the worker where there is one, the same thread otherwise. */
export function createPlanner(from: PlanSource, signal: CancelSignal): Planner {
  const worker = startWorker();
  return worker ? new FallbackPlanner(worker, from, signal) : new LocalPlanner(from, signal);
}
