// Trawl operator console: one page, no dependencies, served by the orchestrator. Every call sends the API key the
// operator typed (kept in this tab's sessionStorage only); a viewer's key gets no buttons that change anything.
const session = { key: sessionStorage.getItem('trawl.key'), role: null };
let leave = () => {}; // stops the current page's refresh or stream

// ---------- helpers ----------

/** An element with attributes (on* are listeners) and children (strings become text, never HTML). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'style') el.style.cssText = v; // through the CSSOM: the page's CSP allows no inline style attributes
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

class Problem extends Error {}

async function call(method, path, body) {
  const headers = { 'X-API-Key': session.key, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    if (response.status === 401) signOut();
    throw new Problem((json && (json.detail || json.title)) || `${method} ${path}: ${response.status}`);
  }
  return json;
}

const get = (path) => call('GET', path);
const operator = () => session.role === 'operator';
const fmt = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en'));
const when = (t) => (t ? new Date(t).toLocaleString() : '–');

function showError(e) {
  const box = document.getElementById('error');
  box.textContent = e ? e.message : '';
  box.hidden = !e;
}

/** A button that runs {@code action}, shows its error, then re-renders the page. */
function act(label, action, name = label) {
  return h('button', {
    type: 'button', 'aria-label': name,
    onclick: async (event) => {
      event.target.disabled = true;
      try { await action(); showError(null); } catch (e) { showError(e); }
      route();
    },
  }, label);
}

function bar(done, failed, total, label) {
  const pct = total > 0 ? (100 * done) / total : 0;
  const bad = total > 0 ? (100 * failed) / total : 0;
  return h('div', { class: 'bar', role: 'progressbar', 'aria-label': label, 'aria-valuenow': pct.toFixed(1),
    'aria-valuemin': 0, 'aria-valuemax': 100 },
  h('span', { style: `width:${pct}%` }), h('span', { class: 'failed', style: `left:${pct}%;width:${bad}%` }));
}

/** Seconds left, from the rate since the job started. */
function eta(job) {
  const done = job.succeeded + job.failed + (job.noData || 0) + (job.cancelled || 0);
  if (!job.startedAt || job.finishedAt || done === 0 || done >= job.total) return '–';
  const elapsed = (Date.now() - Date.parse(job.startedAt)) / 1000;
  const left = ((job.total - done) * elapsed) / done;
  return left < 90 ? `${Math.round(left)} s` : left < 5400 ? `${Math.round(left / 60)} min` : `${(left / 3600).toFixed(1)} h`;
}

function every(ms, render) {
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    try { await render(); showError(null); } catch (e) { showError(e); }
    if (!stopped) timer = setTimeout(tick, ms);
  };
  let timer = setTimeout(tick, 0);
  return () => { stopped = true; clearTimeout(timer); };
}

function page(...children) {
  const root = document.getElementById('page');
  root.replaceChildren(...children);
  return root;
}

// ---------- jobs ----------

function jobsPage() {
  const body = h('tbody');
  const limit = h('select', { 'aria-label': 'Jobs shown' }, [50, 200, 1000].map((n) => h('option', { value: n }, `newest ${n}`)));
  const status = h('span', { class: 'muted', id: 'jobs-status' });
  page(h('h2', {}, 'Jobs'), h('p', {}, limit, ' ', status), h('table', { 'aria-label': 'Jobs' },
    h('thead', {}, h('tr', {}, ['Job', 'State', 'Priority', 'Progress', 'Done', 'Failed', 'ETA', 'Created']
      .map((t) => h('th', {}, t)))), body));
  return every(2000, async () => {
    const jobs = await get(`/collections?limit=${limit.value}`);
    status.textContent = `${jobs.length} jobs, drawn in ${renderJobs(body, jobs).toFixed(0)} ms`;
  });
}

/** Fills the jobs table; answers the milliseconds it took. */
function renderJobs(body, jobs) {
  const started = performance.now();
  body.replaceChildren(...jobs.map((j) => h('tr', { 'data-job': j.id },
    h('td', {}, h('a', { href: `#/jobs/${j.id}` }, j.id)),
    h('td', { class: `state-${j.state}` }, j.state),
    h('td', {}, j.priority),
    h('td', {}, bar(j.succeeded + (j.noData || 0), j.failed, j.total, `progress of ${j.id}`)),
    h('td', { class: 'num' }, `${fmt(j.succeeded + (j.noData || 0))} / ${fmt(j.total)}`),
    h('td', { class: 'num' }, fmt(j.failed)),
    h('td', {}, eta(j)),
    h('td', {}, when(j.createdAt)))));
  return performance.now() - started;
}

function jobPage(id) {
  const view = h('div');
  page(h('h2', {}, 'Job ', h('code', {}, id)), view);
  const controller = new AbortController();
  const render = (job) => view.replaceChildren(...jobView(job));
  get(`/collections/${id}`).then(render).catch(showError);
  stream(`/collections/${id}/events`, controller.signal, (event, data) => {
    if (event === 'progress') render(JSON.parse(data));
  }).catch((e) => { if (!controller.signal.aborted) showError(e); });
  return () => controller.abort();
}

function jobView(job) {
  const done = job.succeeded + (job.noData || 0);
  const buttons = operator() ? [
    job.state === 'PAUSED' ? act('Resume', () => call('PUT', `/collections/${job.id}/resume`), 'Resume job')
      : ['QUEUED', 'RUNNING'].includes(job.state) ? act('Pause', () => call('PUT', `/collections/${job.id}/pause`), 'Pause job') : null,
    ['QUEUED', 'RUNNING', 'PAUSED'].includes(job.state)
      ? act('Cancel', () => call('PUT', `/collections/${job.id}/cancel`), 'Cancel job') : null,
  ] : [];
  return [
    h('p', {}, 'State ', h('strong', { class: `state-${job.state}`, id: 'job-state' }, job.state),
      job.pauseReason ? ` (${job.pauseReason})` : '', ` · priority ${job.priority} · ${fmt(done)} of ${fmt(job.total)} done`,
      ` · ${fmt(job.failed)} failed · dispatched ${fmt(job.dispatched)} · ETA ${eta(job)}`),
    bar(done, job.failed, job.total, 'job progress'),
    h('p', {}, ...buttons),
    h('p', { id: 'job-summary' }, job.summary || ''),
    h('table', { 'aria-label': 'Sources of the job' },
      h('thead', {}, h('tr', {}, ['Source', 'Progress', 'Done', 'No data', 'Failed', 'Summary'].map((t) => h('th', {}, t)))),
      h('tbody', {}, (job.sources || []).map((s) => h('tr', {},
        h('td', {}, s.source), h('td', {}, bar(s.succeeded + (s.noData || 0), s.failed, s.total, `progress of ${s.source}`)),
        h('td', { class: 'num' }, `${fmt(s.succeeded)} / ${fmt(s.total)}`), h('td', { class: 'num' }, fmt(s.noData)),
        h('td', { class: 'num' }, fmt(s.failed)), h('td', {}, s.summary))))),
    h('h3', {}, 'Failures'),
    (job.failures || []).length ? h('ul', { 'aria-label': 'Failures' }, job.failures.map((f) => h('li', {}, f)))
      : h('p', { class: 'muted' }, 'None.'),
  ];
}

/** Reads a Server-Sent Events stream through fetch, which (unlike EventSource) can send the API key. */
async function stream(path, signal, onEvent) {
  const response = await fetch(path, { headers: { 'X-API-Key': session.key, Accept: 'text/event-stream' }, signal });
  if (!response.ok) throw new Problem(`${path}: ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5));
      }
      if (data.length) onEvent(event, data.join('\n'));
    }
  }
}

// ---------- coverage heatmap ----------

const COLOURS = { C: '#2e7d32', P: '#9ccc65', N: '#90a4ae', F: '#c62828', '-': '#ffffff' };

/** Cell sizes for the matrix: big enough to click for a few symbols, small enough for thousands. */
function layout(rows, months) {
  const w = Math.max(6, Math.min(24, Math.floor(1100 / Math.max(1, months))));
  const h = Math.max(4, Math.min(18, Math.floor(600 / Math.max(1, rows))));
  return { x0: h >= 10 ? 110 : 0, y0: 18, w, h }; // symbol names at the left when the rows are tall enough
}

/**
 * Draws the matrix on a canvas (one fillRect per run of equal cells, years along the top, symbols at the left
 * when they fit); keeps the layout on the canvas for clicks; answers the milliseconds it took.
 */
function drawMatrix(canvas, matrix) {
  const started = performance.now();
  const months = matrix.rows.length ? matrix.rows[0].length : 0;
  const L = layout(matrix.rows.length, months);
  canvas.width = L.x0 + Math.max(1, months * L.w);
  canvas.height = L.y0 + Math.max(1, matrix.rows.length * L.h);
  canvas.dataset.layout = JSON.stringify(L);
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = '#57606a';
  g.font = '11px system-ui, sans-serif';
  for (let m = 0; m < months; m++) {
    const month = monthAt(matrix.from, m);
    if (m === 0 || month.endsWith('-01')) g.fillText(month.slice(0, 4), L.x0 + m * L.w, 12);
  }
  if (L.x0) matrix.symbols.forEach((symbol, y) => g.fillText(symbol, 2, L.y0 + y * L.h + L.h - 3, L.x0 - 6));
  g.strokeStyle = '#eaeef2';
  matrix.rows.forEach((row, y) => {
    const top = L.y0 + y * L.h;
    let x = 0;
    while (x < row.length) {
      const c = row[x];
      let end = x + 1;
      while (end < row.length && row[end] === c) end++;
      if (c === '-') {
        if (L.h >= 10) g.strokeRect(L.x0 + x * L.w + 0.5, top + 0.5, (end - x) * L.w - 2, L.h - 2);
      } else {
        g.fillStyle = COLOURS[c] || '#000';
        g.fillRect(L.x0 + x * L.w, top, (end - x) * L.w - 1, L.h - 1);
      }
      x = end;
    }
  });
  return performance.now() - started;
}

function monthAt(from, i) {
  const [y, m] = from.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + i, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

async function coveragePage() {
  const sources = await get('/sources');
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const now = new Date();
  const source = h('select', { name: 'source', 'aria-label': 'Source' },
    sources.filter((s) => !['feed', 'page', 'http-file'].includes(s.type)).map((s) => h('option', { value: s.id, selected: s.id === params.get('source') }, s.id)));
  const timeframe = h('input', { name: 'timeframe', 'aria-label': 'Timeframe', size: 4, value: params.get('timeframe') || '1d' });
  const from = h('input', { name: 'from', 'aria-label': 'From month', size: 7, value: params.get('from') || `${now.getUTCFullYear() - 1}-01` });
  const to = h('input', { name: 'to', 'aria-label': 'To month', size: 7, value: params.get('to') || monthAt(`${now.getUTCFullYear()}-${now.getUTCMonth() + 1}`, -1) });
  const symbols = h('input', { name: 'symbols', 'aria-label': 'Symbols', size: 40, placeholder: 'all stored, or BTCUSDT,ETHUSDT', value: params.get('symbols') || '' });
  const canvas = h('canvas', { id: 'heatmap', role: 'img', 'aria-label': 'Coverage heatmap: symbols by month' });
  const status = h('p', { id: 'heatmap-status', class: 'muted' });
  const detail = h('div', { id: 'cell' });
  let matrix = null;
  const show = async (event) => {
    if (event) event.preventDefault();
    const query = new URLSearchParams({ source: source.value, timeframe: timeframe.value, from: from.value, to: to.value });
    if (symbols.value.trim()) query.set('symbols', symbols.value.trim());
    try {
      matrix = await get(`/coverage/matrix?${query}`);
      const ms = drawMatrix(canvas, matrix);
      status.textContent = `${fmt(matrix.symbols.length)} symbols × ${matrix.rows.length ? matrix.rows[0].length : 0} months, drawn in ${ms.toFixed(0)} ms`;
      status.dataset.drawMillis = ms.toFixed(1);
      detail.replaceChildren();
      showError(null);
    } catch (e) { showError(e); }
  };
  const cellAt = (event) => {
    const r = canvas.getBoundingClientRect();
    const L = JSON.parse(canvas.dataset.layout || '{"x0":0,"y0":0,"w":1,"h":1}');
    const x = Math.floor((event.clientX - r.left - L.x0) / L.w);
    const y = Math.floor((event.clientY - r.top - L.y0) / L.h);
    return matrix && y >= 0 && y < matrix.rows.length && x >= 0 && x < matrix.rows[y].length ? { x, y } : null;
  };
  canvas.addEventListener('mousemove', (event) => {
    const c = cellAt(event);
    canvas.title = c ? `${matrix.symbols[c.y]} ${monthAt(matrix.from, c.x)}: ${matrix.legend[matrix.rows[c.y][c.x]]}` : '';
  });
  canvas.addEventListener('click', (event) => {
    const c = cellAt(event);
    if (c) detail.replaceChildren(...cellView(matrix, c.y, c.x));
  });
  page(h('h2', {}, 'Coverage'),
    h('form', { class: 'inline', 'aria-label': 'Coverage query', onsubmit: show },
      h('label', {}, 'Source', source), h('label', {}, 'Timeframe', timeframe), h('label', {}, 'From', from),
      h('label', {}, 'To', to), h('label', {}, 'Symbols', symbols), h('button', { type: 'submit' }, 'Show')),
    h('p', { class: 'legend' }, Object.entries(COLOURS).map(([c, colour]) => h('span', {},
      h('i', { style: `background:${colour};border:1px solid #ccc` }), { C: 'collected', P: 'partly', N: 'no data at the source', F: 'failed', '-': 'missing' }[c]))),
    status, detail, h('div', { id: 'heatmap-wrap' }, canvas));
  window.trawlConsole.show = show;
  if (params.get('source')) await show();
  return () => {};
}

/** A clicked cell; for a gap (missing or failed months in a row), a button that collects it incrementally. */
function cellView(matrix, y, x) {
  const row = matrix.rows[y];
  const symbol = matrix.symbols[y];
  const state = row[x];
  const parts = [h('p', {}, h('strong', {}, `${symbol} ${monthAt(matrix.from, x)}`), `: ${matrix.legend[state]}`)];
  if ((state === '-' || state === 'F' || state === 'P') && operator()) {
    let a = x;
    let b = x;
    const gap = (c) => c === '-' || c === 'F' || c === 'P';
    while (a > 0 && gap(row[a - 1])) a--;
    while (b < row.length - 1 && gap(row[b + 1])) b++;
    const request = { sources: [matrix.source], symbols: [symbol], timeframe: matrix.interval,
      from: monthAt(matrix.from, a), to: monthAt(matrix.from, b), mode: 'INCREMENTAL' };
    parts.push(h('button', { type: 'button', 'aria-label': 'Collect this gap',
      onclick: async () => {
        try {
          const job = await call('POST', '/collections', request);
          location.hash = `#/jobs/${job.id}`;
        } catch (e) { showError(e); }
      } }, `Collect ${symbol} ${request.from} to ${request.to} (incremental)`));
  }
  return parts;
}

// ---------- sources ----------

function sourcesPage() {
  const body = h('tbody');
  const editor = h('div', { id: 'limits-editor' });
  page(h('h2', {}, 'Sources'), h('table', { 'aria-label': 'Sources' },
    h('thead', {}, h('tr', {}, ['Source', 'Status', 'Limits', 'Windows: used now', 'Rate (req/s): configured / learned / effective', '429s', 'Bans', 'Until', ''].map((t) => h('th', {}, t)))),
    body), editor);
  return every(2000, async () => {
    if (editor.childElementCount) return; // do not redraw under the operator's typing
    const sources = await get('/sources');
    body.replaceChildren(...sources.map((s) => {
      const st = s.state || {};
      const l = s.limits || {};
      const windows = (l.windows || []).map((w) => `${fmt(w.limit)} per ${w.period}${w.fixed ? ' (fixed)' : ''}`);
      return h('tr', { 'data-source': s.id },
        h('td', {}, s.id, h('div', { class: 'muted' }, s.type)),
        h('td', { class: `status-${st.status}` }, st.status || '–'),
        h('td', {}, [l.cps ? `${l.cps}/s` : null, ...windows, l.weight > 1 ? `weight ${l.weight}` : null,
          l.concurrency ? `${l.concurrency} at once` : null].filter(Boolean).join(' · ') || 'none'),
        h('td', {}, (s.usage || []).map((u) => h('div', { class: 'window' },
          bar(u.used, 0, u.limit, `${s.id} window of ${u.period}`),
          h('span', { class: 'muted' }, `${fmt(u.used)} / ${fmt(u.limit)} ${u.counts} per ${period(u.period)}${u.fixed ? ' (clock)' : ''}`)))),
        h('td', {}, s.rates ? `${fmt(s.rates.configured)} / ${fmt(s.rates.learned)} / ${fmt(s.rates.effective)}` : '–'),
        h('td', { class: 'num' }, fmt(st.throttles)), h('td', { class: 'num' }, fmt(st.bans)),
        h('td', {}, st.bannedUntil ? `banned until ${when(st.bannedUntil)}` : st.breakerOpenUntil ? `breaker open until ${when(st.breakerOpenUntil)}` : st.cooldownUntil ? `cooling down until ${when(st.cooldownUntil)}` : ''),
        h('td', {}, operator() ? [
          st.pausedByOperator ? act('Resume', () => call('PUT', `/sources/${s.id}/resume`), `Resume source ${s.id}`)
            : act('Pause', () => call('PUT', `/sources/${s.id}/pause`), `Pause source ${s.id}`),
          h('button', { type: 'button', 'aria-label': `Edit limits of ${s.id}`, onclick: () => editor.replaceChildren(limitsForm(s, editor)) }, 'Edit limits'),
        ] : []));
    }));
  });
}

/** PT1M → 1m, PT1S → 1s, P1D → 1d (what the API's ISO-8601 periods read as). */
function period(iso) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(iso || '');
  if (!m) return iso;
  return [[m[1], 'd'], [m[2], 'h'], [m[3], 'm'], [m[4], 's']].filter(([v]) => v).map(([v, u]) => v + u).join(' ');
}

function limitsForm(source, editor) {
  const l = source.limits || {};
  const fields = ['cps', 'burst', 'safetyFactor', 'concurrency', 'weight'];
  const inputs = Object.fromEntries(fields.map((f) => [f, h('input', { name: f, 'aria-label': f, size: 8, value: l[f] ?? '' })]));
  const problem = h('p', { class: 'problem', role: 'alert' });
  return h('form', { class: 'inline', 'aria-label': `Limits of ${source.id}`,
    onsubmit: async (event) => {
      event.preventDefault();
      const body = {};
      for (const f of fields) {
        const v = inputs[f].value.trim();
        if (v !== '' && String(l[f] ?? '') !== v) body[f] = Number.isNaN(Number(v)) ? v : Number(v);
      }
      try {
        await call('PUT', `/sources/${source.id}/limits`, body);
        editor.replaceChildren();
      } catch (e) { problem.textContent = e.message; }
    } },
  h('strong', {}, `Limits of ${source.id}`), fields.map((f) => h('label', {}, f, inputs[f])),
  h('button', { type: 'submit' }, 'Apply'), h('button', { type: 'button', onclick: () => editor.replaceChildren() }, 'Close'), problem);
}

// ---------- workers, queues, dead letters ----------

function workersPage() {
  const workers = h('tbody');
  const queues = h('tbody');
  const letters = h('div', { id: 'dead-letters' });
  const replay = h('div');
  page(h('h2', {}, 'Workers'), h('table', { 'aria-label': 'Workers' },
    h('thead', {}, h('tr', {}, ['Worker', 'Heartbeat', 'Sources', 'In flight', 'Completed', 'Failed', ''].map((t) => h('th', {}, t)))), workers),
  h('h2', {}, 'Queues'), h('table', { 'aria-label': 'Queues' },
    h('thead', {}, h('tr', {}, ['Source', 'Ready', 'Unacked', 'Consumers', 'By priority'].map((t) => h('th', {}, t)))), queues),
  h('h2', {}, 'Dead letters'), letters, operator() ? replayForm(replay) : null, replay);
  return every(2000, async () => {
    const [ws, qs, dl] = await Promise.all([get('/workers'), get('/queues'), get('/dead-letters')]);
    workers.replaceChildren(...ws.map((w) => h('tr', { 'data-worker': w.id },
      h('td', {}, w.id, w.paused ? h('span', { class: 'state-PAUSED' }, ' (paused)') : ''), h('td', {}, when(w.heartbeatAt)),
      h('td', {}, (w.sources || []).join(', ')), h('td', {}, (w.inFlight || []).length),
      h('td', { class: 'num' }, fmt(w.completed)), h('td', { class: 'num' }, fmt(w.failed)),
      h('td', {}, operator() ? (w.paused ? act('Resume', () => call('PUT', `/workers/${w.id}/resume`), `Resume worker ${w.id}`)
        : act('Pause', () => call('PUT', `/workers/${w.id}/pause`), `Pause worker ${w.id}`)) : ''))));
    queues.replaceChildren(...qs.sources.map((q) => h('tr', {},
      h('td', {}, q.source), h('td', { class: 'num' }, fmt(q.ready)), h('td', { class: 'num' }, fmt(q.unacked)),
      h('td', { class: 'num' }, fmt(q.consumers)),
      h('td', {}, Object.entries(q.pendingByPriority || {}).map(([p, n]) => `${p} ${fmt(n)}`).join(' · ')))));
    letters.replaceChildren(h('p', { id: 'dead-letter-total' }, `${fmt(dl.total)} waiting; retrying ${fmt(qs.retrying)}`),
      h('p', { class: 'muted' }, ['byErrorClass', 'bySource', 'byJob'].map((k) =>
        `${k.slice(2)}: ${Object.entries(dl[k] || {}).map(([a, n]) => `${a} ${n}`).join(', ') || '–'}`).join(' · ')));
  });
}

function replayForm(result) {
  const inputs = Object.fromEntries(['jobId', 'source', 'errorClass', 'limit'].map((f) =>
    [f, h('input', { name: f, 'aria-label': `Replay ${f}`, size: f === 'limit' ? 5 : 20 })]));
  return h('form', { class: 'inline', 'aria-label': 'Replay dead letters',
    onsubmit: async (event) => {
      event.preventDefault();
      const body = {};
      for (const [f, input] of Object.entries(inputs)) if (input.value.trim()) body[f] = f === 'limit' ? Number(input.value) : input.value.trim();
      try {
        const r = await call('POST', '/dead-letters/replay', body);
        result.replaceChildren(h('p', { id: 'replay-result' }, `replayed ${r.replayed}, skipped ${r.skipped}, remaining ${r.remaining}`));
      } catch (e) { result.replaceChildren(h('p', { class: 'problem', role: 'alert' }, e.message)); }
    } },
  Object.entries(inputs).map(([f, input]) => h('label', {}, f, input)), h('button', { type: 'submit' }, 'Replay'));
}

// ---------- schedules ----------

function schedulesPage() {
  const body = h('tbody');
  page(h('h2', {}, 'Schedules'), h('table', { 'aria-label': 'Schedules' },
    h('thead', {}, h('tr', {}, ['Schedule', 'State', 'Every / cron', 'Next run', 'Last run', 'Last job', 'Runs', 'Skipped', ''].map((t) => h('th', {}, t)))), body));
  return every(5000, async () => {
    const schedules = await get('/schedules');
    body.replaceChildren(...schedules.map((s) => h('tr', {},
      h('td', {}, s.name, h('div', { class: 'muted' }, s.id)), h('td', { class: `status-${s.state === 'ACTIVE' ? 'active' : 'paused'}` }, s.state),
      h('td', {}, s.every || `${s.cron} (${s.zone})`), h('td', {}, when(s.nextRunAt)), h('td', {}, when(s.lastRunAt)),
      h('td', {}, s.lastJobId ? h('a', { href: `#/jobs/${s.lastJobId}` }, s.lastJobId) : '–'),
      h('td', { class: 'num' }, fmt(s.runs)), h('td', { class: 'num' }, fmt(s.skipped)),
      h('td', {}, operator() ? (s.state === 'ACTIVE' ? act('Pause', () => call('PUT', `/schedules/${s.id}/pause`), `Pause schedule ${s.name}`)
        : act('Resume', () => call('PUT', `/schedules/${s.id}/resume`), `Resume schedule ${s.name}`)) : ''))));
  });
}

// ---------- routing and sign-in ----------

async function route() {
  leave();
  leave = () => {};
  if (!session.role) return;
  const path = (location.hash || '#/jobs').slice(1).split('?')[0];
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('current', path.startsWith(a.getAttribute('href').slice(1))));
  try {
    const job = path.match(/^\/jobs\/([^/]+)$/);
    leave = job ? jobPage(decodeURIComponent(job[1]))
      : path === '/coverage' ? await coveragePage()
        : path === '/sources' ? sourcesPage()
          : path === '/workers' ? workersPage()
            : path === '/schedules' ? schedulesPage()
              : jobsPage();
  } catch (e) { showError(e); }
}

async function signIn(key) {
  session.key = key;
  const me = await call('GET', '/me');
  session.role = me.role;
  sessionStorage.setItem('trawl.key', key);
  document.getElementById('login').hidden = true;
  document.getElementById('nav').hidden = false;
  document.getElementById('who').hidden = false;
  document.getElementById('role').textContent = me.role;
  route();
}

function signOut() {
  leave();
  leave = () => {};
  session.key = null;
  session.role = null;
  sessionStorage.removeItem('trawl.key');
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  document.getElementById('page').replaceChildren();
  document.getElementById('login').hidden = false;
}

window.trawlConsole = { drawMatrix, renderJobs };
window.addEventListener('hashchange', route);
document.getElementById('sign-out').addEventListener('click', signOut);
document.getElementById('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = document.getElementById('login-error');
  try {
    error.textContent = '';
    await signIn(document.getElementById('key').value);
  } catch (e) {
    signOut();
    error.textContent = e.message;
  }
});
if (session.key) signIn(session.key).catch(signOut);
else signOut();
