/**
 * Task pane entry point: starts the pane once Office is ready. The pane shows the add-in's name and
 * version, builds analysis sheets from a selected range (app.ts), and lists what the CLV.* functions are.
 */
import { TaskPaneApp } from "./app";

Office.onReady(() => {
  new TaskPaneApp().start();
});
