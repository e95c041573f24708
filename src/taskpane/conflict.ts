/**
 * The question the pane asks before touching an existing sheet (DESIGN §5: never overwrite without
 * asking): replace it, keep both (the new sheet gets a free name), or cancel. One question at a time;
 * Escape cancels.
 */
import { setText, type PaneElements } from "./dom";

export type ConflictChoice = "replace" | "keep" | "cancel";

type ConflictElements = Pick<PaneElements, "conflict" | "conflictText" | "conflictReplace" | "conflictKeep" | "conflictCancel" | "build">;

export class ConflictDialog {
  private resolver?: (c: ConflictChoice) => void;

  constructor(private readonly ui: ConflictElements) {
    ui.conflictReplace.addEventListener("click", () => this.answer("replace"));
    ui.conflictKeep.addEventListener("click", () => this.answer("keep"));
    ui.conflictCancel.addEventListener("click", () => this.answer("cancel"));
    ui.conflict.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") this.answer("cancel");
    });
  }

  ask(name: string, suggestion: string): Promise<ConflictChoice> {
    this.ui.conflict.hidden = false;
    setText(this.ui.conflictText, `A sheet named "${name}" already exists. Replace it (its contents are deleted), keep both (the new sheet is called "${suggestion}"), or cancel?`);
    this.ui.conflictKeep.focus();
    return new Promise((resolve) => {
      this.resolver = resolve;
    });
  }

  private answer(choice: ConflictChoice): void {
    const resolve = this.resolver;
    if (!resolve) return;
    this.resolver = undefined;
    this.ui.conflict.hidden = true;
    this.ui.build.focus();
    resolve(choice);
  }
}
