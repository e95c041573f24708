/**
 * Task pane entry point: starts the pane once Office is ready. The pane shows the add-in's name and
 * version, builds analysis sheets from a selected range (app.ts), and lists what the CLV.* functions are.
 */
import { TaskPaneApp } from "./app";

// Tells the page's ES5 check (taskpane.html) that this bundle runs in this webview.
(window as unknown as { __clvPaneStarted?: boolean }).__clvPaneStarted = true;

Office.onReady(() => {
  new TaskPaneApp().start();
});
