/**
 * Excel tells a cancelable custom function when its call is no longer wanted (the cell was
 * recalculated, edited or deleted, or the user pressed Esc: CustomFunctions.CancelableInvocation,
 * CustomFunctionsRuntime 1.1). This turns that event into the scheduler's cancel signal.
 */
import type { CancelSignal } from "../../runtime/scheduling";

/** The cancel signal of one call; never set when the caller passed no invocation (tests, older hosts). */
export function cancelSignal(invocation: CustomFunctions.CancelableInvocation | undefined): CancelSignal {
  const signal = { aborted: false };
  if (typeof invocation === "object" && invocation !== null) {
    invocation.onCanceled = () => {
      signal.aborted = true;
    };
  }
  return signal;
}
