// Schema-driven editing, loaded when the editor is first used (so a first visit
// does not pay for it): completion of keys and of allowed values, and hover docs,
// from the chart's values schema (helm/ai-agent-connector/values.schema.json: what
// `aac schema` prints and Helm checks). The logic is in schema.js.

import { autocompletion } from '@codemirror/autocomplete';
import { hoverTooltip } from '@codemirror/view';
import SCHEMA from '../../helm/ai-agent-connector/values.schema.json';
import { contextAt, describe, keyAt, keysOf, nodeAt, summary, valuesOf } from './schema.js';

const linesOf = (state) => state.doc.toString().split('\n');

/** Keys of the mapping being typed in, and the allowed values of a key being given one. */
function complete(context) {
  const { state, pos } = context;
  const line = state.doc.lineAt(pos);
  const at = contextAt(linesOf(state), line.number - 1, pos - line.from);
  if (!at || (!at.text && !context.explicit)) return null;
  const node = nodeAt(SCHEMA, at.path);
  if (!node) return null;
  let options;
  if (at.kind === 'key') {
    options = keysOf(node).map(({ key, node: sub }) => ({
      label: key,
      type: 'property',
      detail: summary(sub),
      info: describe(sub) || undefined,
      apply: `${key}: `,
    }));
  } else {
    const doc = describe(node);
    options = valuesOf(node).map((v) => ({ label: v, type: 'enum', info: doc || undefined }));
  }
  if (!options.length) return null;
  return { from: line.from + at.from, options, validFor: /^[\w.\-]*$/ };
}

/** A key's description, type, allowed values and default, on hover. */
const hover = hoverTooltip((view, pos) => {
  const line = view.state.doc.lineAt(pos);
  const key = keyAt(linesOf(view.state), line.number - 1, pos - line.from);
  if (!key) return null;
  const node = nodeAt(SCHEMA, key.path);
  if (!node) return null;
  return {
    pos: line.from + key.from,
    end: line.from + key.to,
    above: true,
    create() {
      const dom = document.createElement('div');
      dom.className = 'schema-doc';
      const path = document.createElement('code');
      path.className = 'schema-path';
      path.textContent = key.path.join('.').replace(/\.\[\]/g, '[]');
      const meta = document.createElement('div');
      meta.className = 'schema-meta';
      meta.textContent = summary(node);
      const text = document.createElement('p');
      text.textContent = describe(node) || 'No description in the schema.';
      dom.append(path, meta, text);
      return { dom };
    },
  };
}, { hoverTime: 250 });

export const schemaSupport = [autocompletion({ override: [complete], activateOnTyping: true, icons: false }), hover];
