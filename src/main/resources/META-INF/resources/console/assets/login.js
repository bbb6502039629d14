// The console's sign-in: POST /api/v1/session sets the session cookie (HttpOnly: this script never sees it).
document.getElementById('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = document.getElementById('error');
  error.textContent = '';
  const body = JSON.stringify({
    username: document.getElementById('username').value,
    password: document.getElementById('password').value,
  });
  const r = await fetch('/api/v1/session', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body, credentials: 'same-origin',
  });
  if (r.ok) {
    window.location.assign('/console/index.html');
    return;
  }
  const answer = await r.json().catch(() => ({}));
  error.textContent = answer.error || ('sign-in refused (' + r.status + ')');
});
