// Starts the engine's worker as soon as this file arrives. The tools pages load it as an async
// module, so it waits neither for the rest of the page to be parsed, nor for Material's bundle
// (which tools.js waits for, to mount on every instant page change), nor for the tool's own
// modules: the runtime's downloads and its boot begin about a second sooner, while the reader
// reads the first question. The tool then finds the engine already started (getEngine keeps one
// per tab). Without this file nothing changes but the wait: the tool starts the engine itself.

import { getEngine } from "./engine-client.js";

const root = document.querySelector("[data-guide-wizard][data-pyodide], [data-guide-tool][data-pyodide]");
if (root) getEngine(root);
