/**
 * Test setup: the `CustomFunctions` global that Excel provides at run time. Source files in
 * src/functions are importable in tests because the metadata plugin injects the
 * `CustomFunctions.associate` calls only at build time (DESIGN §6).
 */
import { vi } from "vitest";
import { customFunctionsStub } from "./customFunctionsStub";

vi.stubGlobal("CustomFunctions", customFunctionsStub());
