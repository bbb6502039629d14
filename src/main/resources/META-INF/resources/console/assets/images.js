// The images page: the store's entries (size, references: entries sharing one file, status) against its quota; an
// operator fetches one from a URL or uploads one, and deletes one.
'use strict';

async function images() {
  const [list, store] = await Promise.all([api('/api/v1/images'), api('/api/v1/image-store')]);
  if (store.ok) {
    const u = await store.json();
    document.getElementById('image-store').textContent = count(u.entries, 'image') + ', ' + bytes(u.usedBytes)
      + ' stored of ' + bytes(u.quotaBytes) + ' quota';
  }
  if (!list.ok) {
    return;
  }
  const entries = await list.json();
  const references = {};
  entries.filter((e) => e.sha256).forEach((e) => { references[e.sha256] = (references[e.sha256] || 0) + 1; });
  const tbody = document.querySelector('#image-list tbody');
  tbody.replaceChildren();
  entries.forEach((e) => {
    const tr = row(tbody, e.id, e.imageId, e.status + (e.detail ? ': ' + e.detail : ''), bytes(e.size),
      e.sha256 ? e.sha256.slice(0, 12) : '', e.sha256 ? references[e.sha256] : '', e.source);
    cell(tr, '').appendChild(actionButton('Delete', 'Delete image ' + e.id, () => deleteImage(e.id)));
  });
}

async function imageDone(r, done) {
  const message = r.ok ? done : await refusal(r);
  await images(); // the list shows the change before the message says it is done
  document.getElementById('image-message').textContent = message;
  return r.ok;
}

function entry(form) {
  const id = form.elements.id.value.trim();
  const imageId = form.elements.imageId.value.trim() || undefined;
  return { id, imageId };
}

async function fetchImage(form) {
  const e = entry(form);
  e.source = form.elements.source.value.trim();
  e.sha256 = form.elements.sha256.value.trim() || undefined;
  if (!window.confirm('Fetch image ' + e.id + ' from ' + e.source + '?')) {
    return;
  }
  if (await imageDone(await send('/api/v1/images', 'POST', e), 'image ' + e.id + ' created')) {
    await imageDone(await send('/api/v1/images/' + encodeURIComponent(e.id) + '/download', 'POST'),
      'image ' + e.id + ' is being fetched');
    window.setTimeout(images, 1000);
  }
}

async function uploadImage(form) {
  const e = entry(form);
  const file = form.elements.file.files[0];
  if (!file || !window.confirm('Upload ' + file.name + ' (' + bytes(file.size) + ') as image ' + e.id + '?')) {
    return;
  }
  e.size = file.size;
  if (await imageDone(await send('/api/v1/images', 'POST', e), 'image ' + e.id + ' created')) {
    await imageDone(await api('/api/v1/images/' + encodeURIComponent(e.id) + '/data', { method: 'PUT',
      headers: { 'Content-Type': 'application/octet-stream' }, body: file }), 'image ' + e.id + ' uploaded');
  }
}

async function deleteImage(id) {
  if (!window.confirm('Delete image ' + id + '?')) {
    return;
  }
  await imageDone(await send('/api/v1/images/' + encodeURIComponent(id), 'DELETE'), 'image ' + id + ' deleted');
}

PAGES.images = {
  load: images,
  role: 'viewer',
  bind() {
    onSubmit('image-fetch', fetchImage);
    onSubmit('image-upload', uploadImage);
  },
};
