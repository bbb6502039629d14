// The adapters page (admins): the route and profile files the gateway read, loaded or refused with the problem's
// line, and a file's YAML, read-only, as the API gives it (secrets replaced).
'use strict';

async function adapters() {
  const r = await api('/api/v1/adapters');
  if (!r.ok) {
    return;
  }
  const tbody = document.querySelector('#adapter-list tbody');
  tbody.replaceChildren();
  (await r.json()).forEach((f) => {
    const tr = document.createElement('tr');
    cell(tr, f.kind);
    cell(tr, '').appendChild(linkButton(f.file, () => showAdapterFile(f.kind, f.file)));
    cell(tr, f.status).className = 'status ' + f.status;
    cell(tr, f.gives);
    cell(tr, f.problem);
    cell(tr, new Date(f.at).toLocaleString());
    tbody.appendChild(tr);
  });
}

async function showAdapterFile(kind, file) {
  const r = await api('/api/v1/adapters/' + encodeURIComponent(kind) + '/' + encodeURIComponent(file));
  const panel = document.getElementById('adapter-file');
  panel.hidden = false;
  document.getElementById('adapter-file-title').textContent = file;
  if (!r.ok) {
    document.getElementById('adapter-problem').textContent = await refusal(r);
    document.getElementById('adapter-source').textContent = '';
    return;
  }
  const f = await r.json();
  document.getElementById('adapter-problem').textContent = f.file.status === 'refused'
    ? 'Refused: ' + f.file.problem + (f.file.gives ? ' (the version before runs on: ' + f.file.gives + ')' : '')
    : 'Loaded: ' + f.file.gives;
  document.getElementById('adapter-source').textContent = f.source;
  panel.scrollIntoView({ block: 'start' });
}

PAGES.adapters = { load: adapters, role: 'admin' };
