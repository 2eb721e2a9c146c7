// Answer page script; the page works without it. See handlers/pages_survey.go.
(function () {
 var d = document, P = 'md.q.', f = d.getElementById('f'), busy = 0, timer, ls, path = f && f.getAttribute('action').split('?')[0];
 try { ls = localStorage; } catch (e) { ls = null; }
 d.documentElement.classList.add('js');
 function $$(s, r) { return (r || d).querySelectorAll(s); }
 function el(id) { return d.getElementById(id); }
 d.addEventListener('click', function (e) {
  var a = e.target.closest('.exit');
  if (a) { e.preventDefault(); d.body.hidden = true; location.replace(a.href); }
 });
 function say(text) {
  var st = el('st');
  if (!st) {
   st = d.createElement('p'); st.id = st.className = 'st'; st.setAttribute('role', 'status');
   el('main').prepend(st);
  }
  st.textContent = text;
 }
 function change() {
  $$('[data-if]').forEach(function (q) {
   var c = el('q-' + q.dataset.if), any = q.dataset.any.split(' '), show = false;
   if (c && !c.hidden) $$('input:checked', c).forEach(function (i) { show = show || any.indexOf(i.value) >= 0; });
   if (!show) $$('input,textarea', q).forEach(function (i) { i.checked = false; if (!i.type.match(/radio|checkbox/)) i.value = ''; });
   q.hidden = !show;
  });
  $$('[data-max]').forEach(function (q) {
   var n = $$('input:checked', q).length;
   $$('input', q).forEach(function (b) { b.disabled = !b.checked && n >= +q.dataset.max; });
  });
 }
 function answers() {
  var out = {};
  $$('[name^="q."]', f).forEach(function (i) {
   var v = i.value.trim(), p = i.name.slice(2).split('.'), id = p[0];
   if (!v || i.closest('[hidden]') || (/radio|checkbox/.test(i.type) && !i.checked)) return;
   if (p[1]) (out[id] = out[id] || {})[p[1]] = v;
   else if (i.type === 'checkbox') (out[id] = out[id] || []).push(v);
   else out[id] = i.type === 'number' && /^-?\d+$/.test(v) ? +v : v;
  });
  return out;
 }
 function showErrors(body) {
  var sum = el('fel'), ul = sum.querySelector('ul'), err = body.error || {};
  $$('.err', f).forEach(function (e) { e.remove(); });
  $$('.bad', f).forEach(function (q) { q.classList.remove('bad'); });
  ul.textContent = '';
  (err.fields || [err]).forEach(function (p) {
   var q = p.question && el('q-' + p.question), li = d.createElement('li'), a;
   if (q) {
    var e = el('e-' + p.question), t = q.querySelector('.in') || q, by = t.getAttribute('aria-describedby') || '';
    if (!e) {
     e = d.createElement('p'); e.className = 'err'; e.id = 'e-' + p.question;
     (el('h-' + p.question) || q.querySelector('legend')).after(e);
    }
    e.textContent = p.message;
    if (by.indexOf(e.id) < 0) t.setAttribute('aria-describedby', (by + ' ' + e.id).trim());
    q.classList.add('bad');
    a = d.createElement('a'); a.href = '#' + q.id;
    a.textContent = q.querySelector('small').textContent + ': ' + p.message;
    li.append(a);
   } else li.textContent = p.message;
   ul.append(li);
  });
  sum.hidden = false;
  sum.focus();
 }
 function send(k) {
  var item = JSON.parse(ls ? ls.getItem(k) : f.dataset.item), mine = f && k === P + f.dataset.pending;
  if (!item) return Promise.resolve();
  return fetch(item.u, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: item.b, credentials: 'omit' })
   .then(function (r) {
    return r.json().catch(function () { return {}; }).then(function (body) {
     if (r.status === 429 || r.status >= 500) {
      later(+r.headers.get('Retry-After') || 20);
      if (mine) say(f.dataset.mRetry);
      return;
     }
     if (ls) ls.removeItem(k);
     if (r.ok) {
      if (mine) location.replace((f.dataset.done || path + '?klar=1') + '&lang=' + d.documentElement.lang); else say(item.ok);
     } else if (mine && r.status === 422) {
      say(''); showErrors(body);
     } else say(item.no + ' ' + ((body.error && body.error.message) || r.status));
    });
   }, function () {
    later(20);
    if (mine) say(f.dataset.mSaved);
   });
 }
 function later(s) { clearTimeout(timer); timer = setTimeout(flush, Math.min(s, 300) * 1000); }
 function flush() {
  if (busy || !ls || navigator.onLine === false) return;
  var ks = [];
  for (var i = 0; i < ls.length; i++) if (ls.key(i).indexOf(P) === 0) ks.push(ls.key(i));
  busy = 1;
  (function next() {
   var k = ks.shift();
   if (!k) busy = 0; else send(k).then(next, next);
  })();
 }
 if (f) {
  f.addEventListener('change', change);
  f.addEventListener('submit', function (e) {
   e.preventDefault();
   var a = answers(), id = f.elements.submission_id.value, item = JSON.stringify({
    u: '/api/v1' + path + '/responses', ok: f.dataset.mSent, no: f.dataset.mDropped,
    b: JSON.stringify({ submission_id: id, session: f.elements.session ? f.elements.session.value : '', lang: d.documentElement.lang, answers: a })
   });
   if (f.dataset.mEmpty && !Object.keys(a).length) return say(''), showErrors({ error: { message: f.dataset.mEmpty } });
   f.dataset.pending = id;
   f.dataset.item = item;
   if (ls) try { ls.setItem(P + id, item); } catch (x) { ls = null; }
   if (navigator.onLine === false) return say(f.dataset.mSaved);
   say(f.dataset.mSending);
   if (busy && ls) return later(1);
   send(P + id);
  });
  change();
  if (!el('fel').hidden) el('fel').focus();
  // Kiosk: one shared tablet. An untouched form wipes itself after two
  // minutes, and a page shown again from history starts afresh.
  if (f.dataset.kiosk) {
   var idle = Date.now(), fresh = function () { location.replace(f.dataset.kiosk); };
   ['input', 'change', 'keydown', 'touchstart'].forEach(function (t) { f.addEventListener(t, function () { idle = Date.now(); }); });
   setInterval(function () { if (Date.now() - idle > (+f.dataset.idle || 12e4)) fresh(); }, 1e3);
   addEventListener('pageshow', function (e) { if (e.persisted) fresh(); });
  }
 }
 addEventListener('online', flush);
 flush();
})();
