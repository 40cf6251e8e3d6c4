// The picture of how the rendered objects connect, drawn from the objects
// themselves (selectors, backends, scale targets, references), as SVG. Traffic
// flows from the top:
//
//                 Ingress
//                    |
//                 Service
//                    |
//      HPA -->  [Deployment]  <-- PDB       (NetworkPolicy: a dashed boundary)
//              /     |      \
//      ConfigMap   Secret   ServiceAccount
//
// Only what the objects say is drawn: a Service whose selector matches no pod
// template gets no arrow; a Secret the chart references but does not render
// (an existing Secret) is drawn dashed.

const SVG = 'http://www.w3.org/2000/svg';
const NODE_W = 190;
const NODE_H = 48;
const COL_GAP = 64;
const ROW_GAP = 30;
const MARGIN = 14;
const NP_PAD = 10; // the NetworkPolicy boundary's distance from the workload
const NP_LABEL = 16; // room for its caption

function labelsMatch(selector, labels) {
  if (!selector || typeof selector !== 'object' || !labels) return false;
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => String(labels[k]) === String(selector[k]));
}

function get(obj, ...path) {
  let o = obj;
  for (const p of path) {
    if (o == null || typeof o !== 'object') return undefined;
    o = o[p];
  }
  return o;
}

function asList(x) {
  return Array.isArray(x) ? x : [];
}

const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet'];
const REFERENCED = ['ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim'];

/** One short line about an object, shown under its name. */
function detailOf(d) {
  const o = d.object;
  const spec = get(o, 'spec') || {};
  switch (d.kind) {
    case 'Ingress': {
      const hosts = asList(spec.rules).map((r) => r.host).filter(Boolean);
      const scheme = asList(spec.tls).length ? 'https' : 'http';
      if (!hosts.length) return `${scheme}, any host`;
      return `${scheme}://${hosts[0]}${hosts.length > 1 ? ` +${hosts.length - 1}` : ''}`;
    }
    case 'HTTPRoute': {
      const hosts = asList(spec.hostnames);
      const gateway = get(asList(spec.parentRefs)[0] || {}, 'name');
      const via = gateway ? ` via ${gateway}` : '';
      if (!hosts.length) return `any host${via}`;
      return `${hosts[0]}${hosts.length > 1 ? ` +${hosts.length - 1}` : ''}${via}`;
    }
    case 'Service': {
      const ports = asList(spec.ports).map((p) => p.port).filter((p) => p != null);
      return `${spec.type || 'ClusterIP'}${ports.length ? ` :${ports.join(', :')}` : ''}`;
    }
    case 'Deployment':
    case 'StatefulSet':
      return spec.replicas != null
        ? `${spec.replicas} replica${String(spec.replicas) === '1' ? '' : 's'}`
        : 'replicas set by the HPA';
    case 'HorizontalPodAutoscaler': {
      const metrics = asList(spec.metrics)
        .map((m) => {
          const u = get(m, 'resource', 'target', 'averageUtilization');
          const name = get(m, 'resource', 'name');
          return u != null ? `${name === 'memory' ? 'mem' : name} ${u}%` : null;
        })
        .filter(Boolean);
      return `${spec.minReplicas ?? 1}–${spec.maxReplicas ?? '?'} pods${metrics.length ? ` · ${metrics.join(' · ')}` : ''}`;
    }
    case 'PodDisruptionBudget':
      if (spec.minAvailable != null) return `minAvailable ${spec.minAvailable}`;
      if (spec.maxUnavailable != null) return `maxUnavailable ${spec.maxUnavailable}`;
      return '';
    case 'ConfigMap':
    case 'Secret': {
      const n = Object.keys(get(o, 'data') || {}).length + Object.keys(get(o, 'stringData') || {}).length;
      return `${n} key${n === 1 ? '' : 's'}`;
    }
    case 'ServiceAccount':
      return get(o, 'automountServiceAccountToken') === false ? 'no token mounted' : '';
    default:
      return '';
  }
}

/**
 * The graph: nodes (objects shown), edges between them, and NetworkPolicies
 * with the workloads they select. Pure: objects in, graph out.
 */
export function buildGraph(documents) {
  const objects = documents.filter((d) => !d.hook);
  const byKind = (kind) => objects.filter((d) => d.kind === kind);
  const key = (d) => `${d.kind}/${d.name}`;
  const edges = [];
  const workloads = objects.filter((d) => WORKLOADS.includes(d.kind));
  const podLabels = (w) => get(w.object, 'spec', 'template', 'metadata', 'labels') || {};

  for (const ing of byKind('Ingress')) {
    const seen = new Set();
    const backends = [
      ...asList(get(ing.object, 'spec', 'rules')).flatMap((r) => asList(get(r, 'http', 'paths'))),
      ...(get(ing.object, 'spec', 'defaultBackend') ? [{ path: '(default)', backend: get(ing.object, 'spec', 'defaultBackend') }] : []),
    ];
    for (const p of backends) {
      const name = get(p, 'backend', 'service', 'name');
      const port = get(p, 'backend', 'service', 'port', 'number') ?? get(p, 'backend', 'service', 'port', 'name');
      if (!name || seen.has(name)) continue;
      seen.add(name);
      edges.push({ from: key(ing), to: `Service/${name}`, label: `${p.path || '/'}${port != null ? ` → :${port}` : ''}` });
    }
  }
  for (const route of byKind('HTTPRoute')) {
    const seen = new Set();
    for (const rule of asList(get(route.object, 'spec', 'rules'))) {
      const path = get(asList(get(rule, 'matches'))[0] || {}, 'path', 'value');
      for (const ref of asList(get(rule, 'backendRefs'))) {
        if (!ref.name || (ref.kind && ref.kind !== 'Service') || seen.has(ref.name)) continue;
        seen.add(ref.name);
        edges.push({ from: key(route), to: `Service/${ref.name}`, label: `${path || '/'}${ref.port != null ? ` → :${ref.port}` : ''}` });
      }
    }
  }
  for (const svc of byKind('Service')) {
    const selector = get(svc.object, 'spec', 'selector');
    for (const w of workloads) {
      if (labelsMatch(selector, podLabels(w))) edges.push({ from: key(svc), to: key(w), label: 'selects pods' });
    }
  }
  for (const hpa of byKind('HorizontalPodAutoscaler')) {
    const ref = get(hpa.object, 'spec', 'scaleTargetRef') || {};
    edges.push({ from: key(hpa), to: `${ref.kind}/${ref.name}`, label: 'scales' });
  }
  for (const pdb of byKind('PodDisruptionBudget')) {
    const selector = get(pdb.object, 'spec', 'selector', 'matchLabels');
    for (const w of workloads) {
      if (labelsMatch(selector, podLabels(w))) edges.push({ from: key(pdb), to: key(w), label: 'guards' });
    }
  }
  for (const w of workloads) {
    const spec = get(w.object, 'spec', 'template', 'spec') || {};
    const refs = new Map();
    const add = (kind, name, how) => {
      if (name && !refs.has(`${kind}/${name}`)) refs.set(`${kind}/${name}`, how);
    };
    if (spec.serviceAccountName) add('ServiceAccount', spec.serviceAccountName, 'runs as');
    for (const c of [...asList(spec.initContainers), ...asList(spec.containers)]) {
      for (const e of asList(c.envFrom)) {
        add('ConfigMap', get(e, 'configMapRef', 'name'), 'envFrom');
        add('Secret', get(e, 'secretRef', 'name'), 'envFrom');
      }
      for (const e of asList(c.env)) {
        add('ConfigMap', get(e, 'valueFrom', 'configMapKeyRef', 'name'), 'env');
        add('Secret', get(e, 'valueFrom', 'secretKeyRef', 'name'), 'env');
      }
    }
    for (const v of asList(spec.volumes)) {
      add('ConfigMap', get(v, 'configMap', 'name'), 'volume');
      add('Secret', get(v, 'secret', 'secretName'), 'volume');
      add('PersistentVolumeClaim', get(v, 'persistentVolumeClaim', 'claimName'), 'volume');
    }
    for (const [to, label] of refs) edges.push({ from: key(w), to, label });
  }

  const netpols = byKind('NetworkPolicy').map((np) => {
    const selector = get(np.object, 'spec', 'podSelector', 'matchLabels');
    const types = asList(get(np.object, 'spec', 'policyTypes'));
    return {
      id: key(np),
      name: np.name,
      types,
      around: workloads.filter((w) => labelsMatch(selector, podLabels(w))).map(key),
    };
  });
  const drawnAsBoundary = new Set(netpols.filter((n) => n.around.length).map((n) => n.id));

  const nodes = objects
    .filter((d) => !drawnAsBoundary.has(key(d)))
    .map((d) => ({ id: key(d), kind: d.kind, name: d.name, detail: detailOf(d) }));
  // Arrows to objects the chart does not render (an existing Secret) point at a dashed node.
  const ids = new Set(nodes.map((n) => n.id));
  for (const e of edges) {
    if (!ids.has(e.to)) {
      const [kind, ...rest] = e.to.split('/');
      nodes.push({ id: e.to, kind, name: rest.join('/'), detail: 'not rendered: must exist', external: true });
      ids.add(e.to);
    }
  }
  return { nodes, edges, netpols };
}

/** Rows from the top: Ingress and HTTPRoute, Service, the workload row (HPA, workloads, PDB), references, the rest. */
function layout(graph) {
  const rows = { ingress: [], service: [], left: [], work: [], right: [], refs: [], other: [] };
  for (const n of graph.nodes) {
    if (n.kind === 'Ingress' || n.kind === 'HTTPRoute') rows.ingress.push(n);
    else if (n.kind === 'Service') rows.service.push(n);
    else if (n.kind === 'HorizontalPodAutoscaler') rows.left.push(n);
    else if (WORKLOADS.includes(n.kind)) rows.work.push(n);
    else if (n.kind === 'PodDisruptionBudget') rows.right.push(n);
    else if (REFERENCED.includes(n.kind)) rows.refs.push(n);
    else rows.other.push(n);
  }
  const cols = 3;
  const colX = (i) => MARGIN + i * (NODE_W + COL_GAP);
  const width = 2 * MARGIN + cols * NODE_W + (cols - 1) * COL_GAP;
  const pos = new Map();
  const hasBoundary = graph.netpols.some((p) => p.around.length);
  let y = MARGIN;
  // A centred row of nodes, wrapped at three per line.
  const centred = (list) => {
    for (let i = 0; i < list.length; i += cols) {
      const line = list.slice(i, i + cols);
      const w = line.length * NODE_W + (line.length - 1) * COL_GAP;
      const x0 = (width - w) / 2;
      line.forEach((n, j) => pos.set(n.id, { x: x0 + j * (NODE_W + COL_GAP), y }));
      y += NODE_H + ROW_GAP;
    }
  };
  centred(rows.ingress);
  centred(rows.service);
  if (rows.work.length || rows.left.length || rows.right.length) {
    if (hasBoundary) y += NP_PAD + NP_LABEL;
    const stack = Math.max(rows.work.length, rows.left.length, rows.right.length, 1);
    const place = (list, col) => list.forEach((n, j) => pos.set(n.id, { x: colX(col), y: y + j * (NODE_H + ROW_GAP) }));
    place(rows.left, 0);
    place(rows.work, 1);
    place(rows.right, 2);
    y += stack * (NODE_H + ROW_GAP) + (hasBoundary ? NP_PAD : 0);
  }
  centred(rows.refs);
  centred(rows.other);
  return { pos, width, height: Math.max(y - ROW_GAP + MARGIN, 60) };
}

function el(name, attrs, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  if (parent) parent.appendChild(e);
  return e;
}

function text(parent, x, y, cls, content) {
  const t = el('text', { x, y, class: cls }, parent);
  t.textContent = content;
  return t;
}

function shorten(s, max) {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

const KIND_LABEL = {
  HorizontalPodAutoscaler: 'HPA',
  PodDisruptionBudget: 'PDB',
};

/** Where the line from the centre of box `p` towards (tx, ty) leaves the box. */
function anchor(p, tx, ty) {
  const cx = p.x + NODE_W / 2;
  const cy = p.y + NODE_H / 2;
  const dx = tx - cx;
  const dy = ty - cy;
  if (dx === 0 && dy === 0) return { x: cx, y: cy };
  const sx = dx !== 0 ? NODE_W / 2 / Math.abs(dx) : Infinity;
  const sy = dy !== 0 ? NODE_H / 2 / Math.abs(dy) : Infinity;
  const s = Math.min(sx, sy);
  return { x: cx + dx * s, y: cy + dy * s };
}

/**
 * Draws the graph of `documents` into `container` (skipped when nothing
 * changed). `onSelect(kind, name)` runs when a node is clicked or activated
 * with Enter or Space; `selected` is the `Kind/name` shown in the viewer.
 */
export function drawDiagram(container, documents, selected, onSelect) {
  const graph = buildGraph(documents);
  const signature = JSON.stringify(graph) + '|' + selected;
  if (container.dataset.signature === signature) return;
  container.dataset.signature = signature;
  const { pos, width, height } = layout(graph);
  const svg = el('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'group',
    'aria-label': `Diagram: ${graph.nodes.length} objects and how they connect`,
  });
  const defs = el('defs', {}, svg);
  const marker = el('marker', {
    id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse',
  }, defs);
  el('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }, marker);

  if (!graph.nodes.length) text(svg, MARGIN, 30, 'empty', 'No objects rendered.');

  // NetworkPolicy boundaries around the workloads they select.
  graph.netpols.forEach((np, i) => {
    const boxes = np.around.map((id) => pos.get(id)).filter(Boolean);
    if (!boxes.length) return;
    const inset = NP_PAD + i * 5;
    const x = Math.min(...boxes.map((b) => b.x)) - inset;
    const y = Math.min(...boxes.map((b) => b.y)) - inset - NP_LABEL;
    const x2 = Math.max(...boxes.map((b) => b.x + NODE_W)) + inset;
    const y2 = Math.max(...boxes.map((b) => b.y + NODE_H)) + inset;
    const g = el('g', { class: 'netpol-group' }, svg);
    el('rect', { x, y, width: x2 - x, height: y2 - y, rx: 10, class: 'netpol' }, g);
    const caption = `NetworkPolicy${np.types.length ? ` · ${np.types.join(' + ')}` : ''}`;
    const label = text(g, x + 8, y + 12, 'netpol-label', caption);
    const title = el('title', {}, label);
    title.textContent = `NetworkPolicy ${np.name}`;
    makeActivatable(label, 'NetworkPolicy', np.name, onSelect, caption);
  });

  for (const e of graph.edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    const p1 = anchor(a, b.x + NODE_W / 2, b.y + NODE_H / 2);
    const p2 = anchor(b, a.x + NODE_W / 2, a.y + NODE_H / 2);
    el('line', { x1: p1.x, y1: p1.y, x2: p2.x, y2: p2.y, class: 'edge', 'marker-end': 'url(#arrow)' }, svg);
    if (!e.label) continue;
    const horizontal = Math.abs(p2.y - p1.y) < 1;
    const vertical = Math.abs(p2.x - p1.x) < 1;
    const mx = (p1.x + p2.x) / 2;
    const my = (p1.y + p2.y) / 2;
    // Labels of vertical arrows into a workload sit just below their source, clear
    // of the NetworkPolicy's caption; others at the middle.
    const intoWorkload = WORKLOADS.includes(e.to.split('/')[0]);
    const ly = horizontal ? my - 6 : vertical && intoWorkload ? Math.min(p1.y, p2.y) + 14 : my + 4;
    const t = text(svg, vertical ? mx + 7 : mx, ly, 'edge-label', shorten(e.label, 32));
    t.setAttribute('text-anchor', vertical ? 'start' : horizontal ? 'middle' : p2.x < p1.x ? 'end' : 'start');
    if (!vertical && !horizontal) t.setAttribute('x', String(mx + (p2.x < p1.x ? -6 : 6)));
  }

  for (const n of graph.nodes) {
    const p = pos.get(n.id);
    const g = el('g', {
      class: `node${n.id === selected ? ' selected' : ''}${n.external ? ' external' : ''}`,
      transform: `translate(${p.x},${p.y})`,
      'data-kind': n.kind,
      'data-name': n.name,
    }, svg);
    const rect = el('rect', { width: NODE_W, height: NODE_H, rx: 7 }, g);
    if (n.external) rect.setAttribute('stroke-dasharray', '4 3');
    const shown = [KIND_LABEL[n.kind] || n.kind, shorten(n.name, 23), n.detail ? shorten(n.detail, 28) : ''];
    // A trailing space: the lines read as words, not one run of text (the accessible name).
    text(g, 10, 14, 'kind', `${shown[0]} `);
    text(g, 10, 29, 'name', `${shown[1]} `);
    if (n.detail) text(g, 10, 42, 'detail', shown[2]);
    const title = el('title', {}, g);
    title.textContent = `${n.kind} ${n.name}${n.detail ? ` (${n.detail})` : ''}`;
    if (!n.external) makeActivatable(g, n.kind, n.name, onSelect, shown.filter(Boolean).join(' '));
  }
  const focused = container.contains(document.activeElement) ? document.activeElement.getAttribute('aria-label') : null;
  container.replaceChildren(svg);
  if (focused) {
    for (const n of svg.querySelectorAll('[role="button"]')) {
      if (n.getAttribute('aria-label') === focused) n.focus();
    }
  }
}

/**
 * Makes a drawn node a button that shows `kind`/`name`. Its accessible name
 * starts with the text it shows (`shown`), so a voice user can say what they see.
 */
function makeActivatable(node, kind, name, onSelect, shown) {
  node.setAttribute('tabindex', '0');
  node.setAttribute('role', 'button');
  node.setAttribute('aria-label', `${shown}: show ${kind} ${name}`);
  node.addEventListener('click', () => onSelect(kind, name));
  node.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      onSelect(kind, name);
    }
  });
}
