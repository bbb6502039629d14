// The devices page: the inventory, filtered and paged by the API, and a device's record and tree.
'use strict';

const list = { offset: 0, filters: {}, device: null };
const devicePages = pager({ info: 'page-info', previous: 'previous', next: 'next' }, list, () => devices());

async function devices() {
  const r = await api('/api/v1/devices?' + pageQuery(list));
  const tbody = document.querySelector('#device-list tbody');
  tbody.replaceChildren();
  if (!r.ok) {
    const answer = await r.json().catch(() => ({}));
    document.getElementById('page-info').textContent = answer.error || ('refused (' + r.status + ')');
    return;
  }
  const page = await r.json();
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
  devicePages.show(page, 'no devices');
}

function facts(dl, pairs) {
  dl.replaceChildren();
  pairs.forEach(([k, v]) => {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v == null ? '–' : String(v);
    dl.append(dt, dd);
  });
}

function showDevice(d) {
  list.device = d;
  document.getElementById('device').hidden = false;
  document.getElementById('device-title').textContent = d.devId;
  facts(document.getElementById('device-record'), [['Status', d.status], ['Mode', d.mode],
    ['Protocol', d.protocol], ['Address', d.address], ['Manufacturer', d.man], ['Model', d.model],
    ['Firmware', d.fwV], ['Profile', d.profile], ['Last seen', d.lastSeen]]);
  document.getElementById('tree-value').textContent = '';
  presence(d);
  commandQueue(d);
  account(d);
}

function devicePath(d, what) {
  return '/api/v1/devices/' + encodeURIComponent(d.devId) + '/' + what;
}

// when the device came and went, newest first
async function presence(d) {
  const r = await api(devicePath(d, 'presence?limit=20'));
  const tbody = document.querySelector('#presence-list tbody');
  tbody.replaceChildren();
  if (r.ok) {
    (await r.json()).forEach((e) => row(tbody, new Date(e.at).toISOString(), e.change));
  }
}

// a proxy-mode device's commands waiting for (or answered in) its sessions
async function commandQueue(d) {
  const panel = document.getElementById('command-queue');
  panel.hidden = d.mode !== 'proxy';
  if (panel.hidden) {
    return;
  }
  const r = await api(devicePath(d, 'commands?limit=50'));
  const tbody = document.querySelector('#command-list tbody');
  tbody.replaceChildren();
  if (r.ok) {
    (await r.json()).forEach((c) => row(tbody, c.id, c.op, c.path, c.status == null ? 'queued' : c.status,
      c.result));
  }
}

// the device's DM account (admins): who it is and whether its secrets are set, never the secrets
async function account(d) {
  const panel = document.getElementById('device-account');
  panel.hidden = !may('admin') || d.mode !== 'proxy';
  if (panel.hidden) {
    return;
  }
  const r = await api('/api/v1/devices/' + encodeURIComponent(d.nodeName) + '/account');
  const dl = document.getElementById('account-record');
  if (!r.ok) {
    facts(dl, [['Account', await refusal(r)]]);
    return;
  }
  const a = await r.json();
  facts(dl, [['Authentication', a.authType], ['Client name', a.clientName],
    ['Client secret', a.clientSecretSet ? 'set' : 'not set'], ['Server id', a.serverId],
    ['Server secret', a.serverSecretSet ? 'set' : 'not set']]);
}

function treeUrl(path) {
  // the tree and the account are addressed by the device's node name, the rest of /api/v1/devices by its DevId
  return '/api/v1/devices/' + encodeURIComponent(list.device.nodeName) + '/tree/'
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
  const d = list.device.devId;
  if (!window.confirm('Replace ' + path + ' on ' + d + ' with "' + value + '"?')) {
    return;
  }
  const r = await api(treeUrl(path), { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: value });
  if (!r.ok) {
    document.getElementById('tree-value').textContent = path + ': ' + await refusal(r);
    return;
  }
  await readNode(path);
}

async function execNode(path, data) {
  const d = list.device.devId;
  if (!window.confirm('Execute ' + path + ' on ' + d + (data ? ' with "' + data + '"' : '') + '?')) {
    return;
  }
  const r = await api(treeUrl(path), { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: data });
  document.getElementById('tree-value').textContent = path + ': ' + (r.ok ? 'executed' : await refusal(r));
}

function treePath() {
  return document.getElementById('tree-path').value.replace(/^\/+|\/+$/g, '');
}

PAGES.devices = {
  load: devices,
  role: 'viewer',
  bind() {
    filterForm('filters', list, devices);
    devicePages.bind();
    onSubmit('tree-get', () => readNode(treePath()));
    onSubmit('tree-replace', () => replaceNode(treePath(), document.getElementById('tree-new-value').value));
    document.getElementById('tree-exec').addEventListener('click', () => execNode(treePath(),
      document.getElementById('tree-new-value').value));
  },
};
