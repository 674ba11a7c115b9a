/**
 * The small web chat page at `/`: plain HTML and a little script that talks to
 * `POST /api/v1/messages`. Large type and big buttons, for elderly eyes and fingers. Photos for a
 * report go up one by one to `POST /api/v1/messages/photos` (streamed to disk) and are then sent
 * in one message by their ids.
 */
export const CHAT_PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>办事小助手</title>
<style>
  body { margin: 0; font: 18px/1.6 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; background: #f4f5f7; }
  header { background: #c8102e; color: #fff; padding: 12px 16px; font-size: 20px; }
  #log { padding: 12px; padding-bottom: 96px; }
  .msg { max-width: 85%; margin: 8px 0; padding: 10px 14px; border-radius: 12px; white-space: pre-wrap; word-break: break-word; }
  .me { margin-left: auto; background: #95ec69; }
  .bot { background: #fff; }
  .choices button { display: block; margin: 6px 0; padding: 8px 12px; font-size: 17px; border: 1px solid #c8102e; color: #c8102e; background: #fff; border-radius: 8px; cursor: pointer; }
  form { position: fixed; bottom: 0; left: 0; right: 0; display: flex; gap: 8px; padding: 12px; background: #fff; border-top: 1px solid #ddd; }
  input { flex: 1; font-size: 18px; padding: 10px; border: 1px solid #bbb; border-radius: 8px; }
  form button { font-size: 18px; padding: 10px 18px; background: #c8102e; color: #fff; border: 0; border-radius: 8px; }
  form label.photo { font-size: 18px; padding: 10px 12px; border: 1px solid #c8102e; color: #c8102e; border-radius: 8px; cursor: pointer; white-space: nowrap; }
</style>
</head>
<body>
<header>办事小助手 · 办事不出村</header>
<main id="log" aria-live="polite"></main>
<form id="form"><label class="photo">照片<input id="photos" type="file" accept="image/*" multiple hidden aria-label="发照片"></label><input id="text" autocomplete="off" placeholder="想办什么事？比如：低保怎么申请" maxlength="4000" aria-label="消息"><button>发送</button></form>
<script>
  // Who this browser is, the server knows by its HTTP-only cookie (set with this page): the page sends no id.
  // The conversation so far is kept in this browser, so a reload shows it again; nothing is sent on load.
  const log = document.getElementById('log');
  const input = document.getElementById('text');
  const HISTORY = 'cunban-history';
  const KEEP = 200;
  localStorage.removeItem('cunban-user');
  let history = [];
  try { history = JSON.parse(localStorage.getItem(HISTORY) || '[]'); if (!Array.isArray(history)) history = []; } catch (e) { history = []; }
  function remember(entry) {
    history.push(entry);
    if (history.length > KEEP) history = history.slice(-KEEP);
    try { localStorage.setItem(HISTORY, JSON.stringify(history)); } catch (e) { /* full or private mode: the page still works */ }
  }
  function render(text, who, buttons, live) {
    const div = document.createElement('div');
    div.className = 'msg ' + who;
    div.textContent = text;
    if (buttons && buttons.length) {
      const box = document.createElement('div');
      box.className = 'choices';
      buttons.forEach((b) => {
        const btn = document.createElement('button');
        btn.type = 'button';
        btn.textContent = b.label;
        btn.disabled = !live;
        btn.onclick = () => send(b.value, b.label);
        box.appendChild(btn);
      });
      div.appendChild(box);
    }
    log.appendChild(div);
    window.scrollTo(0, document.body.scrollHeight);
  }
  function show(text, who, buttons) {
    render(text, who, buttons, true);
    remember({ text, who, buttons: buttons || [] });
  }
  async function send(text, shown, attachments) {
    show(shown || text, 'me');
    try {
      const body = attachments ? { text, attachments } : { text };
      const res = await fetch('/api/v1/messages', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const data = await res.json();
      if (!res.ok) { show('出错了：' + (data.error && data.error.message || res.status), 'bot'); return; }
      data.replies.forEach((r) => show(r.text, 'bot', r.buttons));
    } catch (e) { show('网络不通，请稍后再试。', 'bot'); }
  }
  async function poll() {
    try {
      const res = await fetch('/api/v1/messages/inbox', { credentials: 'same-origin' });
      if (res.ok) (await res.json()).messages.forEach((m) => show(m.text, 'bot', m.buttons));
    } catch (e) { /* offline: try again later */ }
  }
  // What an upload that was not kept means, in words a resident understands.
  const PHOTO_PROBLEMS = {
    CUNBAN_PHOTO_TOO_LARGE: '这张照片太大了（超过10MB），请换一张。',
    CUNBAN_NOT_AN_IMAGE: '只能发照片，这个文件发不了。',
    CUNBAN_PHOTO_QUOTA: '今天发的照片已经够多了，用文字把情况说清楚，一样能办。',
    CUNBAN_PHOTO_STORE_FULL: '照片暂时存不下了，用文字把情况说清楚，一样能办。',
    CUNBAN_RATE_LIMITED: '发得太快了，请过一分钟再试。',
  };
  const MOST_PHOTOS = 4;
  async function sendPhotos(files) {
    const chosen = Array.from(files).slice(0, MOST_PHOTOS);
    if (files.length > MOST_PHOTOS) show('一次最多发' + MOST_PHOTOS + '张照片，只发了前' + MOST_PHOTOS + '张。', 'bot');
    const ids = [];
    for (const file of chosen) {
      try {
        const res = await fetch('/api/v1/messages/photos', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': file.type || 'application/octet-stream' }, body: file });
        const data = await res.json();
        if (res.ok) ids.push(data.photo.id);
        else show(PHOTO_PROBLEMS[data.error && data.error.code] || '这张照片没发成功，请稍后再试。', 'bot');
      } catch (e) { show('网络不通，照片没发出去，请稍后再试。', 'bot'); }
    }
    if (ids.length) send('', '（发了' + ids.length + '张照片）', ids.map((id) => ({ kind: 'image', photo: id })));
  }
  const photos = document.getElementById('photos');
  photos.onchange = () => { const files = photos.files; if (files && files.length) sendPhotos(files); photos.value = ''; };
  // Only the newest message's buttons still answer: older choices are shown, not offered again.
  history.forEach((m, i) => render(m.text, m.who, m.buttons, i === history.length - 1));
  if (!history.length) render('您好！我是办事小助手。想办什么事，直接打字告诉我，比如：低保怎么申请、请代办员上门、反映问题。', 'bot', [], false);
  // Every 3 s: a member of staff may be answering in person (人工服务), and her words should show at once.
  setInterval(poll, 3000);
  document.getElementById('form').onsubmit = (e) => { e.preventDefault(); const t = input.value; if (!t.trim()) return; input.value = ''; send(t); };
</script>
</body>
</html>
`;
