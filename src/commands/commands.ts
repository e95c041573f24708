/**
 * Ribbon commands. The only ribbon button opens the task pane (a ShowTaskpane action in manifest.xml),
 * which needs no code; this bundle exists because the shared runtime's FunctionFile points at the task
 * pane page, and it is where future ExecuteFunction commands register.
 */
Office.onReady(() => {
  // Nothing to register yet: the task pane button is declarative.
});
