// ESLint flat config for the site's own browser code (docs/assets/). Recommended rules only:
// the code is small, plain ES modules with no build step, so the recommended set is the bar.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["docs/assets/**/*.js", "docs/assets/**/*.mjs", "docs/sw.js"],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: "module",
      globals: { ...globals.browser },
    },
  },
  {
    // The engine's worker runs in a Worker scope (self, importScripts), not a window.
    files: ["docs/assets/tools/worker.js"],
    languageOptions: { globals: { ...globals.worker } },
  },
  {
    // The service worker runs in a ServiceWorker scope (self.registration, caches, clients).
    files: ["docs/sw.js"],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
];
