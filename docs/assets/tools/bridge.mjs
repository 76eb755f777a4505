// The one bridge between JavaScript and guide_engine running in Pyodide. Used by worker.js in the
// browser and by tests/pyodide_runner.mjs under Node, so the tests run exactly the code the site
// runs. The command table and the error mapping are Python (guide_engine/bridge.py, tested in
// CPython); this file only installs the wheel and calls guide_engine.bridge.dispatch. Messages
// cross as JSON strings, so no Python proxy is left to leak: every call answers
// {ok:true, result} or {ok:false, error:{code, message}}.

/** Unpack the wheel into site-packages, import the bridge, return call(cmd, args) -> object. */
export function installEngine(pyodide, wheelBytes) {
  // Pyodide puts site-packages on sys.path itself; asking sysconfig instead would pull two more
  // stdlib modules (24 kB compressed) into the runtime the reader downloads.
  const sitePackages = pyodide.runPython("import sys; next(p for p in sys.path if p.endswith('/site-packages'))");
  pyodide.unpackArchive(wheelBytes, "wheel", { extractDir: sitePackages });
  // One proxy of the bridge's dispatch for the life of the engine; nothing else crosses over.
  const dispatch = pyodide.pyimport("guide_engine.bridge").dispatch;
  return function call(cmd, args) {
    return JSON.parse(dispatch(String(cmd), JSON.stringify(args ?? {})));
  };
}
