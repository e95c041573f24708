/**
 * Task pane entry point (placeholder until the task pane issue lands): shows the add-in's name and
 * version once Office is ready.
 */
const ADDIN_VERSION = "0.1.0";

Office.onReady(() => {
  const version = document.getElementById("version");
  if (version) version.textContent = `Version ${ADDIN_VERSION}`;
});
