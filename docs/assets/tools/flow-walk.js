// The page-side walk: the next step of the self-assessment, drawn while the engine is still
// loading, so a reader on a slow network never waits between questions. It reads the flow the
// build wrote into the page (guide_engine/flow_export.py: questions, inputs, the progress words
// and every `when` condition as the syntax tree of the engine's own parser) and derives the
// current step from the answers exactly as guide_engine/session.py does: the first question, in
// flow order (a group's questions once per item, then "add another?"), whose condition holds and
// that has no answer yet. It is a mirror, not an authority: tests/test_flow_walk.py runs it in
// Node against the session on random answers for every flow, and once the engine is ready the
// wizard replays every answer through it and goes back to the first one it judges otherwise.
//
// Answers: a choice (single, multi, yes/no) is taken as the engine takes it. An empty answer the
// engine refuses is refused here with the engine's own message (exported as `empty`). A number
// typed as plain digits within the question's range is known here; anything else typed ("5.2万",
// a date, a text) is kept as given, {pending: value}, for the engine to judge on replay. A
// condition that needs such a value cannot be decided here: the walk then says "wait".

export const FORMAT = 1;

const has = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);
const UNKNOWN = Symbol("unknown"); // a field with no answer yet
const PENDING = Symbol("pending"); // a field answered with a value only the engine can read

/** Whether a stored answer waits for the engine to read it. */
export function isPending(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value) && has(value, "pending");
}

/** The answer as the form shows it (a pending one as it was typed). */
export function shown(value) {
  return isPending(value) ? value.pending : value;
}

/** The flow the build wrote into the wizard page, if it is the one the page asks (else null). */
export function pageFlow(root) {
  const el = root.querySelector('script[type="application/json"][data-flow-walk]');
  if (!el) return null;
  try {
    const flow = JSON.parse(el.textContent);
    const fits = flow && flow.format === FORMAT && flow.flow === root.dataset.flow
      && String(flow.version) === String(root.dataset.flowVersion);
    return fits ? flow : null;
  } catch {
    return null;
  }
}

// -- conditions: the engine's three-valued semantics (guide_engine/conditions.py) ------------------

function operand(node, values) {
  if (has(node, "name")) return values.has(node.name) ? values.get(node.name) : UNKNOWN;
  if (has(node, "list")) return node.list;
  return node.value;
}

const unknown = (v) => v === UNKNOWN || v === PENDING;
const numeric = (v) => typeof v === "number";

function equal(a, b) {
  if (typeof a === "boolean" || typeof b === "boolean") return typeof a === typeof b && a === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (Array.isArray(a) || Array.isArray(b)) return false;
  return a === b;
}

/** Strings ordered by code point, as Python orders them (JavaScript's < compares UTF-16 units). */
function order(a, b) {
  const x = Array.from(a, (c) => c.codePointAt(0));
  const y = Array.from(b, (c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

function compare(op, left, right) {
  if (unknown(left) || unknown(right)) return null;
  if (op === "==") return equal(left, right);
  if (op === "!=") return !equal(left, right);
  if (op === "in" || op === "not in") {
    let found;
    if (Array.isArray(right)) found = right.some((item) => equal(left, item));
    else if (typeof right === "string" && typeof left === "string") found = right.includes(left);
    else return null;
    return op === "in" ? found : !found;
  }
  let diff;
  if (numeric(left) && numeric(right)) diff = left < right ? -1 : left > right ? 1 : 0;
  else if (typeof left === "string" && typeof right === "string") diff = order(left, right);
  else return null;
  if (op === "<") return diff < 0;
  if (op === "<=") return diff <= 0;
  if (op === ">") return diff > 0;
  return diff >= 0;
}

function truth(value) {
  if (unknown(value)) return null;
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

/** true/false, or null when it depends on a field not known yet. */
export function evaluate(node, values) {
  if (node.op === "and" || node.op === "or") {
    const results = node.args.map((arg) => evaluate(arg, values));
    const decisive = node.op === "and" ? false : true;
    if (results.includes(decisive)) return decisive;
    return results.includes(null) ? null : !decisive;
  }
  if (node.op === "not") {
    const inner = evaluate(node.arg, values);
    return inner === null ? null : !inner;
  }
  if (node.op === "compare") {
    let left = operand(node.left, values);
    let outcome = true;
    for (let i = 0; i < node.ops.length; i++) {
      const right = operand(node.rights[i], values);
      const result = compare(node.ops[i], left, right);
      if (result === false) return false;
      if (result === null) outcome = null;
      left = right;
    }
    return outcome;
  }
  return truth(operand(node.arg, values));
}

// -- the walk (guide_engine/session.py _walk) --------------------------------------------------------

const known = (value) => (isPending(value) ? PENDING : value);
const copy = (value) => (Array.isArray(value) ? value.slice() : value);

function groupOf(flow, id) {
  return flow.groups.find((g) => g.id === id);
}

function questionOf(flow, id) {
  return flow.questions.find((q) => q.id === id);
}

function status(walk, question, values) {
  if (!question.when) return true;
  const result = evaluate(question.when, values);
  if (result === null && walk.current === null) {
    // Unknown here only because an earlier answer waits for the engine: the walk cannot go on.
    if (!walk.wait && question.names.some((name) => values.get(name) === PENDING)) walk.wait = question.id;
    return false;
  }
  return result;
}

function found(walk, step) {
  if (walk.current === null) {
    walk.current = step;
    walk.currentAt = walk.steps.length;
  }
}

function walkGroup(walk, group, saved) {
  const members = group.questions.map((id) => questionOf(walk.flow, id));
  const items = Array.isArray(saved.items) && saved.items.length ? saved.items.slice() : [{}];
  const closed = Boolean(saved.closed) || items.length >= group.max;
  const keptItems = [];
  items.forEach((item, number) => {
    const kept = {};
    const itemValues = new Map();
    for (const question of members) {
      const state = status(walk, question, new Map([...walk.values, ...itemValues]));
      if (state === false) {
        if (question.has_default) itemValues.set(question.field, copy(question.default));
        continue;
      }
      walk.estimate += 1;
      if (has(item, question.id)) {
        const value = item[question.id];
        kept[question.id] = value;
        itemValues.set(question.field, known(value));
        if (state === true) walk.steps.push({ question, group, item: number, value });
      } else {
        found(walk, { question, group, item: number });
      }
    }
    keptItems.push(kept);
    if (items.length >= group.max && number === items.length - 1) return; // the last item allowed
    walk.estimate += 1;
    if (number < items.length - 1) walk.steps.push({ question: null, group, item: number, value: true });
    else if (closed) walk.steps.push({ question: null, group, item: number, value: false });
    else found(walk, { question: null, group, item: number });
  });
  walk.items[group.id] = keptItems;
  walk.closed[group.id] = closed;
}

function walkOf(flow, answers, groups) {
  const walk = { flow, answers: {}, values: new Map(), items: {}, closed: {}, steps: [],
    current: null, currentAt: 0, estimate: 0, wait: null };
  for (let index = 0; index < flow.questions.length;) {
    const question = flow.questions[index];
    if (question.group) {
      const group = groupOf(flow, question.group);
      walkGroup(walk, group, (groups || {})[group.id] || {});
      index += group.questions.length;
      continue;
    }
    index += 1;
    const state = status(walk, question, walk.values);
    if (state === false) {
      if (question.has_default) walk.values.set(question.field, copy(question.default));
      continue;
    }
    walk.estimate += 1;
    if (has(answers, question.id)) {
      const value = answers[question.id];
      walk.answers[question.id] = value;
      walk.values.set(question.field, known(value));
      if (state === true) walk.steps.push({ question, value });
    } else {
      found(walk, { question });
    }
  }
  return walk;
}

const stepKey = (step) => (step.question ? step.question.id : step.group.id);

/** The canonical state after re-deriving which answers still apply (session._state). */
function canonical(flow, answers, groups, draft) {
  const walk = walkOf(flow, answers, groups);
  const state = { flow: flow.flow, version: flow.version, answers: { ...walk.answers } };
  if (flow.groups.length) {
    state.groups = Object.fromEntries(flow.groups.map((g) => [g.id,
      { items: walk.items[g.id].map((item) => ({ ...item })), closed: walk.closed[g.id] }]));
  }
  const key = walk.current ? stepKey(walk.current) : null;
  state.draft = draft && key !== null && has(draft, key) ? { [key]: copy(draft[key]) } : {};
  return state;
}

const withItems = (groups, group, items, closed) => ({ ...groups, [group.id]: { items, closed } });

// -- public: start, view, answer, back (the session's calls, over the same state) ----------------------

/** A fresh state (session.start). */
export function start(flow) {
  return canonical(flow, {}, {});
}

function fill(template, words) {
  return template.replace(/\{(\w+)\}/g, (_, name) => String(words[name]));
}

function progress(flow, walk) {
  const step = walk.current;
  let text;
  let place = null;
  if (step === null) text = flow.words.done;
  else if (!step.group) text = fill(flow.words.question, { n: walk.currentAt + 1 });
  else {
    const group = step.group;
    const item = step.item || 0;
    const count = walk.items[group.id].length;
    place = { id: group.id, short: group.short, item, count, max: group.max };
    const words = { short: group.short, count, unit: group.unit, title: group.titles[item] };
    text = fill(step.question ? flow.words.item : flow.words.more, words);
  }
  return { answered: walk.steps.length, estimate: walk.estimate, text, group: place };
}

function previous(walk) {
  const before = walk.current === null ? walk.steps : walk.steps.slice(0, walk.currentAt);
  for (let i = before.length - 1; i >= 0; i--) {
    const step = before[i];
    if (step.question === null && step.value === true) {
      const items = walk.items[step.group.id];
      if (step.item !== items.length - 2 || Object.keys(items[items.length - 1]).length) continue;
    }
    return step;
  }
  return null;
}

function stepView(step, draft) {
  const { question, group } = step;
  const key = stepKey(step);
  const value = has(draft, key) ? copy(shown(draft[key])) : null;
  const words = question
    ? { field: question.field, text: question.text, help: question.help, short: question.short, input: question.input }
    : { field: group.field, text: group.more, help: group.more_help, short: group.short, input: group.input };
  return { id: key, ...words, value, value_label: null, group: group ? group.id : null,
    item: group ? step.item : null };
}

/**
 * What to show now: {type: "question", question, progress, can_back, flow} as the engine's view
 * (value_label aside, which the form does not use; a pending draft as it was typed), {type: "end"} when every question is
 * answered (the review is the engine's), or {type: "wait", question} when the next step depends
 * on an answer only the engine can read.
 */
export function view(flow, state) {
  const walk = walkOf(flow, state.answers, state.groups);
  if (walk.wait) return { type: "wait", question: walk.wait };
  const common = { flow: { id: flow.flow, version: flow.version, title: flow.title },
    progress: progress(flow, walk), can_back: previous(walk) !== null };
  if (walk.current === null) return { type: "end", ...common };
  return { type: "question", question: stepView(walk.current, state.draft || {}), ...common };
}

/** An answer as the engine would store it, {error} with the engine's message, or {pending}. */
function accept(question, value) {
  const input = question.input;
  const empty = value === null || value === undefined || value === "";
  if (empty && question.empty) return { error: question.empty };
  const ids = input.options.map((o) => o.id);
  if (input.kind === "single" && typeof value === "string" && ids.includes(value)) return { value };
  if (input.kind === "yesno" && typeof value === "boolean") return { value };
  if (input.kind === "multi" && Array.isArray(value) && value.length <= ids.length * 2
    && value.every((v) => typeof v === "string" && ids.includes(v))) {
    return { value: ids.filter((id) => value.includes(id)) };
  }
  if (input.kind === "number" && typeof value === "string" && /^(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(value)) {
    const number = Number(value);
    if (number >= input.min && number <= input.max && (!input.integer || Number.isInteger(number))) return { value: number };
  }
  if (input.kind === "text" && value === "") return { value };
  return { value: { pending: value } };
}

/**
 * A new state with `value` as the answer to the current step (session.answer): {state}, or
 * {error} with the engine's own message for an empty answer.
 */
export function answer(flow, state, value) {
  const walk = walkOf(flow, state.answers, state.groups);
  const step = walk.current;
  if (walk.wait || step === null) throw new Error("flow-walk: no question to answer here");
  const groups = state.groups || {};
  if (step.question === null) {
    if (typeof value !== "boolean") return { error: step.group.empty };
    const items = walk.items[step.group.id];
    const grown = value ? [...items, {}] : items;
    return { state: canonical(flow, state.answers, withItems(groups, step.group, grown, !value)) };
  }
  const accepted = accept(step.question, value);
  if (has(accepted, "error")) return accepted;
  if (!step.group) return { state: canonical(flow, { ...state.answers, [step.question.id]: accepted.value }, groups) };
  const items = walk.items[step.group.id].map((item) => ({ ...item }));
  items[step.item][step.question.id] = accepted.value;
  return { state: canonical(flow, state.answers, withItems(groups, step.group, items, walk.closed[step.group.id])) };
}

/** A new state one step back, the answer kept as the draft (session.back). */
export function back(flow, state) {
  const walk = walkOf(flow, state.answers, state.groups);
  const target = previous(walk);
  const groups = state.groups || {};
  if (target === null) return canonical(flow, state.answers, groups, state.draft);
  let answers = state.answers;
  let rest = groups;
  const group = target.group;
  if (target.question === null) {
    const items = walk.items[group.id];
    rest = withItems(groups, group, target.value === true ? items.slice(0, target.item + 1) : items, false);
  } else if (!group) {
    answers = Object.fromEntries(Object.entries(walk.answers).filter(([key]) => key !== target.question.id));
  } else {
    const items = walk.items[group.id].map((item) => ({ ...item }));
    delete items[target.item][target.question.id];
    rest = withItems(groups, group, items, walk.closed[group.id]);
  }
  return canonical(flow, answers, rest, { [stepKey(target)]: target.value });
}
