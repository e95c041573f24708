/**
 * The task pane's planning worker: a LocalPlanner (planner.ts) off the page's main thread. The page
 * (workerPlanner.ts) sends the coded transactions once ("prepare") and then asks for one sheet plan at a
 * time ("plan"); the worker answers with progress lines, the plan in chunks (transfer.ts) and the step
 * times it measured. Requests are handled one after another. The page cancels by terminating the worker.
 */
import { LocalPlanner, SheetFailed } from "./planner";
import { decodeTransactions, sendPlan, transferError, type FromWorker, type ToWorker, type TransferredMeasure } from "./transfer";

/** The parts of the worker's global scope used here (the project compiles against the DOM library). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker): void;
}

const scope = self as unknown as WorkerScope;
const post = (m: FromWorker): void => scope.postMessage(m);
const signal = { aborted: false };
let planner: LocalPlanner | undefined;
let queue: Promise<void> = Promise.resolve();

/** The step measures taken since the last call, with absolute start times, for the page's timeline. */
function measures(): TransferredMeasure[] {
  const out: TransferredMeasure[] = [];
  if (typeof performance === "undefined" || typeof performance.getEntriesByType !== "function") return out;
  for (const m of performance.getEntriesByType("measure")) out.push({ name: m.name, start: performance.timeOrigin + m.startTime, duration: m.duration });
  performance.clearMeasures();
  return out;
}

async function handle(m: ToWorker): Promise<void> {
  if (m.type === "prepare") {
    planner = new LocalPlanner({ source: m.source, mapping: m.mapping, transactions: decodeTransactions(m.transactions) }, signal);
    try {
      const options = await planner.prepare(m.options);
      post({ type: "prepared", options, measures: measures() });
    } catch (e) {
      post({ type: "failed", error: transferError(e), modelFit: false, measures: measures() });
    }
    return;
  }
  if (!planner) {
    post({ type: "failed", error: transferError(new Error("The planning worker got no data.")), modelFit: false, measures: [] });
    return;
  }
  try {
    const plan = await planner.plan(m.kind, m.options, (fraction, message) => post({ type: "progress", fraction, message }));
    sendPlan(plan, post);
    post({ type: "planned", measures: measures() });
  } catch (e) {
    const failed = e instanceof SheetFailed;
    post({ type: "failed", error: transferError(failed ? e.error : e), modelFit: failed && e.modelFit, measures: measures() });
  }
}

scope.onmessage = (event) => {
  queue = queue.then(() => handle(event.data));
};
