// Counts the bytes a worker downloads, as they arrive, and notices a stalled network.
//
// Why here and not with a fixed total timeout: on a slow 3G phone the runtime takes minutes to
// arrive, and that is fine as long as bytes keep coming. What is not fine is a connection that has
// gone quiet. So the only limit is on silence: while at least one download is open and no byte
// has arrived for `stallMs`, `onStall` runs once and every open download is aborted.
//
// How: `watchDownloads` replaces the scope's `fetch` (Pyodide looks `fetch` up when it calls it,
// so its own requests for the .wasm, the standard library and the lock file are counted too). The
// caller still gets the original Response (so WebAssembly.instantiateStreaming keeps its
// streaming compile and the browser's code cache); a clone's body is read alongside to count it.

/** Silence on every open download for this long means the network has stalled. */
export const STALL_MS = 20000;

/**
 * @param {WorkerGlobalScope|Window} scope whose fetch to count
 * @param {{onBytes: function(number): void, onStall: function(): void, stallMs?: number}} hooks
 * @returns {{stop: function(): void}} puts the original fetch back and stops the stall timer
 */
export function watchDownloads(scope, { onBytes, onStall, stallMs = STALL_MS }) {
  const original = scope.fetch;
  const abort = new AbortController();
  let open = 0;
  let loaded = 0;
  let timer = null;
  let stalled = false;

  function arm() {
    clearTimeout(timer);
    timer = null;
    if (open > 0 && !stalled) {
      timer = setTimeout(() => {
        stalled = true;
        abort.abort();
        onStall();
      }, stallMs);
    }
  }

  async function count(response) {
    const reader = response.body.getReader();
    open += 1;
    arm();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        loaded += value.byteLength;
        onBytes(loaded);
        arm();
      }
    } finally {
      open -= 1;
      arm();
    }
  }

  scope.fetch = async function countedFetch(input, init) {
    open += 1;
    arm();
    try {
      const response = await original.call(scope, input, { ...init, signal: abort.signal });
      if (response.ok && response.body) count(response.clone()).catch(() => {});
      return response;
    } finally {
      open -= 1;
      arm();
    }
  };

  return {
    stop() {
      scope.fetch = original;
      stalled = true;
      clearTimeout(timer);
    },
  };
}
