// The operator console: every number and record on its pages comes from /api/v1, as any client gets it, signed in by
// the session cookie (docs/console.md). A change also sends the console's header, which the gateway requires of a
// change signed in by the cookie (cross-site requests cannot add it). Controls a role may not use are not shown; the
// API refuses them anyway.
'use strict';

const PAGE = 50;
const state = { role: 'viewer', offset: 0, total: 0, filters: {}, device: null };

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (options.method && options.method !== 'GET') {
    headers['X-Gateway-Console'] = '1';
  }
  const r = await fetch(path, Object.assign({}, options, { headers, credentials: 'same-origin' }));
  if (r.status === 401) {
    window.location.assign('/console/login.html');
    throw new Error('signed out');
  }
  return r;
}

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text == null ? '' : String(text);
  row.appendChild(td);
  return td;
}

// a button that looks like a link: a device, a tree node or a job to open, reachable by keyboard
function linkButton(text, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'link';
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}

function fillCounts(tbody, counts) {
  tbody.replaceChildren();
  Object.entries(counts).sort((a, b) => b[1] - a[1]).forEach(([name, n]) => {
    const tr = document.createElement('tr');
    cell(tr, name);
    cell(tr, n);
    tbody.appendChild(tr);
  });
}

async function overview() {
  const r = await api('/api/v1/inventory/summary');
  if (!r.ok) {
    return;
  }
  const s = await r.json();
  document.getElementById('count-all').textContent = s.count;
  document.getElementById('count-attached').textContent = s.attached;
  document.getElementById('count-detached').textContent = s.detached;
  document.getElementById('count-pending').textContent = s.pending;
  fillCounts(document.querySelector('#by-mode tbody'), s.byMode);
  fillCounts(document.querySelector('#by-model tbody'), s.byModel);
}

async function devices() {
  const q = new URLSearchParams({ offset: state.offset, limit: PAGE });
  Object.entries(state.filters).forEach(([k, v]) => { if (v) { q.set(k, v); } });
  const r = await api('/api/v1/devices?' + q);
  const tbody = document.querySelector('#device-list tbody');
  tbody.replaceChildren();
  if (!r.ok) {
    const answer = await r.json().catch(() => ({}));
    document.getElementById('page-info').textContent = answer.error || ('refused (' + r.status + ')');
    return;
  }
  const page = await r.json();
  state.total = page.total;
  page.items.forEach((d) => {
    const tr = document.createElement('tr');
    const name = cell(tr, '');
    name.appendChild(linkButton(d.devId, () => showDevice(d)));
    cell(tr, d.status).className = 'status ' + d.status;
    cell(tr, d.mode);
    cell(tr, d.protocol);
    cell(tr, d.model);
    cell(tr, (d.groups || []).join(', '));
    tbody.appendChild(tr);
  });
  const last = Math.min(state.offset + page.items.length, page.total);
  document.getElementById('page-info').textContent = page.total === 0 ? 'no devices'
    : (state.offset + 1) + '–' + last + ' of ' + page.total;
  document.getElementById('previous').disabled = state.offset === 0;
  document.getElementById('next').disabled = last >= page.total;
}

function showDevice(d) {
  state.device = d;
  document.getElementById('device').hidden = false;
  document.getElementById('device-title').textContent = d.devId;
  const dl = document.getElementById('device-record');
  dl.replaceChildren();
  [['Status', d.status], ['Mode', d.mode], ['Protocol', d.protocol], ['Address', d.address],
    ['Manufacturer', d.man], ['Model', d.model], ['Firmware', d.fwV], ['Profile', d.profile],
    ['Last seen', d.lastSeen]].forEach(([k, v]) => {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v == null ? '–' : String(v);
    dl.append(dt, dd);
  });
  document.getElementById('tree-value').textContent = '';
}

function treeUrl(path) {
  return '/api/v1/devices/' + encodeURIComponent(state.device.devId) + '/tree/'
    + path.split('/').map(encodeURIComponent).join('/');
}

async function readNode(path) {
  document.getElementById('tree-path').value = path;
  const out = document.getElementById('tree-value');
  out.replaceChildren();
  const r = await api(treeUrl(path));
  const answer = await r.json().catch(() => ({}));
  if (!r.ok) {
    out.textContent = path + ': ' + (answer.error || ('refused (' + r.status + ')'));
    return;
  }
  if (answer.format === 'node') { // an interior node: its children, each a step further
    out.append(path + ': ');
    answer.value.split('/').filter((c) => c).forEach((child) => {
      out.append(linkButton(child, () => readNode(path + '/' + child)), ' ');
    });
    return;
  }
  out.textContent = path + ' = ' + answer.value + (answer.format ? ' (' + answer.format + ')' : '');
  out.dataset.value = answer.value;
}

async function replaceNode(path, value) {
  const d = state.device.devId;
  if (!window.confirm('Replace ' + path + ' on ' + d + ' with "' + value + '"?')) {
    return;
  }
  const r = await api(treeUrl(path), { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: value });
  if (!r.ok) {
    const answer = await r.json().catch(() => ({}));
    document.getElementById('tree-value').textContent = path + ': ' + (answer.error || ('refused ('
      + r.status + ')'));
    return;
  }
  await readNode(path);
}

function countsText(counts) {
  return Object.entries(counts || {}).map(([status, n]) => status + ': ' + n).join(', ');
}

async function fanouts() {
  const r = await api('/api/v1/fanouts');
  if (!r.ok) {
    return;
  }
  const jobs = await r.json();
  const tbody = document.querySelector('#fanout-list tbody');
  tbody.replaceChildren();
  jobs.forEach((j) => {
    const tr = document.createElement('tr');
    const name = cell(tr, '');
    name.appendChild(linkButton(j.id, () => watchFanout(j.id)));
    cell(tr, j.status);
    cell(tr, j.answered + ' / ' + j.total);
    cell(tr, countsText(j.counts));
    tbody.appendChild(tr);
  });
}

// the job's progress until it ends: answered of total, results by status, throughput
async function watchFanout(id) {
  const began = Date.now();
  for (;;) {
    const r = await api('/api/v1/fanouts/' + encodeURIComponent(id));
    if (!r.ok) {
      return;
    }
    const j = await r.json();
    const done = j.total === 0 ? 100 : Math.round(100 * j.answered / j.total);
    document.getElementById('fanout-progress').value = done;
    const rate = j.answered / Math.max(1, (Date.now() - began) / 1000);
    document.getElementById('fanout-status').textContent = 'job ' + j.id + ': ' + j.status + ', ' + j.answered
      + ' of ' + j.total + ' answered (' + done + ' %; ' + rate.toFixed(1) + '/s) ' + countsText(j.counts);
    if (j.status !== 'running' && j.status !== 'created') {
      fanouts();
      return;
    }
    await new Promise((resolve) => { window.setTimeout(resolve, 500); });
  }
}

async function startFanout() {
  const devIds = document.getElementById('fanout-devices').value.split(',').map((d) => d.trim()).filter((d) => d);
  const group = document.getElementById('fanout-group').value.trim();
  const command = {
    op: document.getElementById('fanout-op').value, path: document.getElementById('fanout-path').value,
  };
  const data = document.getElementById('fanout-data').value;
  if (data) {
    command.data = data;
  }
  const targets = group ? { group } : { devIds };
  const what = command.op + ' ' + command.path + (data ? ' = "' + data + '"' : '') + ' on '
    + (group ? 'group ' + group : devIds.length + ' devices (' + devIds.join(', ') + ')');
  if (!window.confirm('Start ' + what + '?')) {
    return;
  }
  const r = await api('/api/v1/fanouts', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ targets, commands: [command], timeoutSeconds: 300 }) });
  const answer = await r.json().catch(() => ({}));
  if (!r.ok) {
    document.getElementById('fanout-status').textContent = answer.error || ('refused (' + r.status + ')');
    return;
  }
  watchFanout(answer.id);
}

function show(page) {
  document.getElementById('overview').hidden = page !== 'overview';
  document.getElementById('devices').hidden = page !== 'devices';
  document.getElementById('fanouts').hidden = page !== 'fanouts';
  document.querySelectorAll('nav a').forEach((a) => {
    if (a.getAttribute('href') === '#' + page) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  });
  if (page === 'devices') {
    devices();
  } else if (page === 'fanouts') {
    fanouts();
  } else {
    overview();
  }
}

async function start() {
  const r = await api('/api/v1/session');
  const me = await r.json();
  state.role = me.role;
  document.getElementById('user').textContent = me.user;
  document.getElementById('role').textContent = me.role;
  document.body.dataset.role = me.role;
  // the tree is the operators' (the API's rule): a viewer sees no tree and no write buttons
  document.querySelectorAll('.tree, .write').forEach((f) => { f.hidden = me.role === 'viewer'; });

  document.getElementById('sign-out').addEventListener('click', async () => {
    await api('/api/v1/session', { method: 'DELETE' }).catch(() => {});
    window.location.assign('/console/login.html');
  });
  document.getElementById('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    state.filters = Object.fromEntries(new FormData(e.target));
    state.offset = 0;
    devices();
  });
  document.getElementById('previous').addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - PAGE);
    devices();
  });
  document.getElementById('next').addEventListener('click', () => {
    state.offset += PAGE;
    devices();
  });
  document.getElementById('tree-get').addEventListener('submit', (e) => {
    e.preventDefault();
    readNode(document.getElementById('tree-path').value.replace(/^\/+|\/+$/g, ''));
  });
  document.getElementById('tree-replace').addEventListener('submit', (e) => {
    e.preventDefault();
    replaceNode(document.getElementById('tree-path').value.replace(/^\/+|\/+$/g, ''),
      document.getElementById('tree-new-value').value);
  });
  document.getElementById('fanout-start').addEventListener('submit', (e) => {
    e.preventDefault();
    startFanout();
  });
  window.addEventListener('hashchange', () => show(window.location.hash.slice(1) || 'overview'));
  show(window.location.hash.slice(1) || 'overview');
  // live numbers: the overview is polled every 2 s while it is shown
  window.setInterval(() => { if (!document.getElementById('overview').hidden) { overview(); } }, 2000);
}

start();
