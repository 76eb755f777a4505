// Runs the page-side walk (docs/assets/tools/flow-walk.js) for tests/test_flow_walk.py under Node:
// one JSON request per line on stdin, one JSON reply per line on stdout. A request is
// {"fn": "start"|"view"|"answer"|"back", "flow": <name>, "state", "value"}, or
// {"fn": "load", "flow": <name>, "export": <guide_engine.flow_export.export_flow(...)>} first.
// The module is imported from its text (a data: URL), exactly as the site serves it: the file is a
// browser ES module with a .js name, which Node would otherwise read as CommonJS.
import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import process from "node:process";
import { createInterface } from "node:readline";
import { URL } from "node:url";

const source = readFileSync(new URL("../docs/assets/tools/flow-walk.js", import.meta.url), "utf8");
const walk = await import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`);
const flows = new Map();

for await (const line of createInterface({ input: process.stdin })) {
  let reply;
  try {
    const req = JSON.parse(line);
    if (req.fn === "load") {
      flows.set(req.flow, req.export);
      reply = { ok: true };
    } else {
      const flow = flows.get(req.flow);
      const result = req.fn === "start" ? walk.start(flow)
        : req.fn === "view" ? walk.view(flow, req.state)
          : req.fn === "back" ? walk.back(flow, req.state)
            : walk.answer(flow, req.state, req.value);
      reply = { ok: true, result };
    }
  } catch (err) {
    reply = { ok: false, error: String(err && err.stack ? err.stack : err) };
  }
  process.stdout.write(`${JSON.stringify(reply)}\n`);
}
