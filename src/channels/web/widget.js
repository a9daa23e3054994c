/*
 * migrasi-aman web chat widget. Plain ES2019, no dependencies, no third-party requests.
 * Embed: <script src="https://ASSISTANT/webchat/widget.js" data-title="Tanya Migrasi Aman" data-color="#0b6e4f"
 *          data-lang="id" data-position="right" async></script>
 * Talks to the assistant it was loaded from: WebSocket /webchat/ws, or POST /webchat/messages + GET /webchat/poll
 * when WebSockets are blocked. The browser id is random and kept in localStorage (never the IP).
 */
;(function () {
  'use strict'
  var SERVER = /*@SERVER_CONFIG@*/ { hosts: [] }
  var script = document.currentScript
  if (!script || window.__migrasiAmanChat) return
  var data = script.dataset || {}
  var base = new URL(script.src, location.href)
  var origin = base.origin
  var lang = data.lang === 'en' ? 'en' : 'id'
  var mode = data.mode === 'page' ? 'page' : 'bubble'
  var color = /^#[0-9a-fA-F]{3,8}$|^[a-z]{3,20}$/.test(data.color || '') ? data.color : '#0b6e4f'
  var position = data.position === 'left' ? 'left' : 'right'
  var forceHttp = data.transport === 'http'
  var STORE_KEY = 'migrasi-aman-chat:' + origin

  var T = {
    id: {
      title: 'Tanya Migrasi Aman', open: 'Buka chat', close: 'Tutup chat', input: 'Pesan Anda', placeholder: 'Ketik pesan…',
      send: 'Kirim', newChat: 'Chat baru', typing: 'Asisten sedang mengetik…', offline: 'Anda sedang offline. Pesan akan dikirim saat tersambung lagi.',
      reconnecting: 'Koneksi terputus. Menyambung lagi…', you: 'Anda', bot: 'Asisten', choices: 'Pilihan', log: 'Percakapan'
    },
    en: {
      title: 'Ask Migrasi Aman', open: 'Open chat', close: 'Close chat', input: 'Your message', placeholder: 'Type a message…',
      send: 'Send', newChat: 'New chat', typing: 'The assistant is typing…', offline: 'You are offline. Messages will be sent when you are back online.',
      reconnecting: 'Connection lost. Reconnecting…', you: 'You', bot: 'Assistant', choices: 'Choices', log: 'Conversation'
    }
  }[lang]
  var title = (data.title || T.title).slice(0, 60)

  // ── state: browser id, last batch seen, the transcript (this browser only) ──────────────────────────
  function randomId() {
    var bytes = new Uint8Array(16)
    crypto.getRandomValues(bytes)
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2) }).join('')
  }
  function load() {
    try {
      var saved = JSON.parse(localStorage.getItem(STORE_KEY) || 'null')
      if (saved && typeof saved.user === 'string') return saved
    } catch (e) { /* private mode or bad JSON: start fresh */ }
    return { user: randomId(), seq: 0, log: [] }
  }
  var state = load()
  function save() {
    state.log = state.log.slice(-100)
    try { localStorage.setItem(STORE_KEY, JSON.stringify(state)) } catch (e) { /* storage full or blocked */ }
  }
  save()
  var pending = [] // messages sent and not yet answered: {id, text?, choice?}
  var counter = 0
  function messageId() { return state.user.slice(0, 8) + '-' + Date.now().toString(36) + '-' + (counter++).toString(36) }

  // ── DOM (in a shadow root, so the host page's styles do not leak in) ───────────────────────────────
  var host = document.createElement('div')
  host.setAttribute('data-migrasi-aman-chat', '')
  var root = host.attachShadow({ mode: 'open' })
  var css =
    ':host{all:initial}*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}' +
    '.launch{position:fixed;bottom:16px;' + position + ':16px;z-index:2147483646;border:0;border-radius:28px;padding:14px 18px;' +
    'background:var(--c);color:#fff;font-size:16px;font-weight:600;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.3)}' +
    '.panel{position:fixed;bottom:16px;' + position + ':16px;z-index:2147483647;width:380px;max-width:calc(100vw - 16px);height:600px;' +
    'max-height:calc(100vh - 32px);display:flex;flex-direction:column;background:#fff;color:#1a1a1a;border-radius:12px;overflow:hidden;box-shadow:0 4px 24px rgba(0,0,0,.3)}' +
    '.panel[hidden],.launch[hidden]{display:none}' +
    '.page .panel{position:static;width:100%;max-width:none;height:100vh;max-height:none;border-radius:0;box-shadow:none}' +
    '@media (max-width:480px){.panel{bottom:0;' + position + ':0;width:100vw;max-width:100vw;height:100%;max-height:100%;border-radius:0}}' +
    'header{display:flex;align-items:center;gap:8px;padding:10px 12px;background:var(--c);color:#fff}' +
    'h2{flex:1;margin:0;font-size:17px;font-weight:700;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}' +
    'header button{background:transparent;color:#fff;border:1px solid rgba(255,255,255,.8);border-radius:6px;padding:6px 10px;font-size:14px;cursor:pointer}' +
    '.status{margin:0;padding:6px 12px;background:#fff4ce;color:#3d2e00;font-size:14px}.status:empty{display:none}' +
    '.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f6f7f8}' +
    '.msg{max-width:85%;padding:8px 12px;border-radius:12px;font-size:15px;line-height:1.4;white-space:pre-wrap;overflow-wrap:anywhere}' +
    '.bot{align-self:flex-start;background:#fff;border:1px solid #d0d4d8}.me{align-self:flex-end;background:var(--c);color:#fff}' +
    '.msg a{color:#0645ad;text-decoration:underline}.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}' +
    '.choices{display:flex;flex-wrap:wrap;gap:6px;align-self:flex-start;max-width:100%}' +
    '.choices button{border:1px solid var(--c);background:#fff;color:#1a1a1a;border-radius:16px;padding:8px 12px;font-size:14px;cursor:pointer;text-align:left}' +
    '.choices button:disabled{border-color:#c4c8cc;color:#555;cursor:default}' +
    '.typing{align-self:flex-start;color:#444;font-size:14px;font-style:italic}.typing[hidden]{display:none}' +
    'form{display:flex;gap:8px;padding:10px;border-top:1px solid #d0d4d8;background:#fff}' +
    'input{flex:1;min-width:0;font-size:16px;padding:10px;border:1px solid #6b7178;border-radius:8px;color:#1a1a1a}' +
    'form button{border:0;border-radius:8px;padding:10px 14px;font-size:15px;font-weight:600;background:var(--c);color:#fff;cursor:pointer}' +
    'button:focus-visible,input:focus-visible,.log:focus-visible,a:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}'
  if (root.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === 'function' && CSSStyleSheet.prototype.replaceSync) {
    var sheet = new CSSStyleSheet()
    sheet.replaceSync(css)
    root.adoptedStyleSheets = [sheet]
  } else {
    var style = document.createElement('style')
    style.textContent = css
    root.appendChild(style)
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag)
    for (var k in attrs || {}) {
      if (k === 'text') node.textContent = attrs[k]
      else if (k === 'hidden') node.hidden = !!attrs[k]
      else node.setAttribute(k, attrs[k])
    }
    ;(children || []).forEach(function (c) { node.appendChild(c) })
    return node
  }

  var wrap = el('div', { class: mode })
  wrap.style.setProperty('--c', color)
  var launch = el('button', { class: 'launch', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'ma-panel', text: title, hidden: mode === 'page' })
  var heading = el('h2', { id: 'ma-title', text: title })
  var newChat = el('button', { type: 'button', text: T.newChat })
  var closeBtn = el('button', { type: 'button', 'aria-label': T.close, text: '✕', hidden: mode === 'page' })
  var status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' })
  var log = el('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': T.log, tabindex: '0' })
  var typing = el('div', { class: 'typing', text: T.typing, hidden: true })
  log.appendChild(typing)
  var input = el('input', { id: 'ma-input', type: 'text', autocomplete: 'off', maxlength: '2000', placeholder: T.placeholder })
  var label = el('label', { for: 'ma-input', class: 'sr', text: T.input })
  var sendBtn = el('button', { type: 'submit', text: T.send })
  var form = el('form', {}, [label, input, sendBtn])
  var panel = el('section', { class: 'panel', id: 'ma-panel', role: mode === 'page' ? 'main' : 'dialog', 'aria-labelledby': 'ma-title', hidden: mode !== 'page' },
    [el('header', {}, [heading, newChat, closeBtn]), status, log, form])
  wrap.appendChild(launch)
  wrap.appendChild(panel)
  root.appendChild(wrap)
  if (mode === 'page') {
    document.body.style.margin = '0'
  }
  ;(document.body || document.documentElement).appendChild(host)
  window.__migrasiAmanChat = { user: function () { return state.user } }

  // ── rendering: *bold*, line breaks, links only to official hosts ───────────────────────────────────
  var allowedHosts = SERVER.hosts || []
  function linkOk(url) {
    try {
      var u = new URL(url)
      return u.protocol === 'https:' && allowedHosts.indexOf(u.hostname) >= 0
    } catch (e) { return false }
  }
  function addLinks(parent, text) {
    var re = /https?:\/\/[^\s<>"')]+/g
    var last = 0
    var m
    while ((m = re.exec(text))) {
      var url = m[0].replace(/[.,;:!?]+$/, '')
      parent.appendChild(document.createTextNode(text.slice(last, m.index)))
      if (linkOk(url)) parent.appendChild(el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', text: url }))
      else parent.appendChild(document.createTextNode(url))
      last = m.index + url.length
      re.lastIndex = last
    }
    parent.appendChild(document.createTextNode(text.slice(last)))
  }
  function formatted(text) {
    var frag = document.createDocumentFragment()
    var parts = String(text).split(/\*([^*\n]+)\*/)
    parts.forEach(function (part, i) {
      if (i % 2 === 1) {
        var strong = el('strong')
        addLinks(strong, part)
        frag.appendChild(strong)
      } else addLinks(frag, part)
    })
    return frag
  }
  function disableOldChoices() {
    var old = log.querySelectorAll('.choices button')
    for (var i = 0; i < old.length; i++) old[i].disabled = true
  }
  function show(item) {
    var bubble = el('div', { class: 'msg ' + (item.who === 'me' ? 'me' : 'bot') }, [el('span', { class: 'sr', text: (item.who === 'me' ? T.you : T.bot) + ': ' })])
    bubble.appendChild(formatted(item.text))
    log.insertBefore(bubble, typing)
    if (item.choices && item.choices.length) {
      disableOldChoices()
      var group = el('div', { class: 'choices', role: 'group', 'aria-label': T.choices })
      item.choices.forEach(function (c) {
        var b = el('button', { type: 'button', text: c.label })
        b.addEventListener('click', function () { choose(c) })
        group.appendChild(b)
      })
      log.insertBefore(group, typing)
    }
    log.scrollTop = log.scrollHeight
  }
  function add(item) {
    state.log.push(item)
    save()
    show(item)
  }
  function updateTyping() {
    typing.hidden = pending.length === 0
    log.scrollTop = log.scrollHeight
  }

  // ── incoming batches: each once, in order ───────────────────────────────────────────────────────────
  function receive(batch) {
    if (!batch || typeof batch.seq !== 'number') return
    if (batch.id) pending = pending.filter(function (p) { return p.id !== batch.id })
    if (batch.seq > state.seq) {
      state.seq = batch.seq
      ;(batch.replies || []).forEach(function (r) { add({ who: 'bot', text: r.text, choices: r.choices }) })
      save()
    }
    updateTyping()
    if (batch.forget) forgetMe()
  }

  // ── transports ──────────────────────────────────────────────────────────────────────────────────────
  var ws = null
  var wsReady = false
  var useHttp = forceHttp || typeof WebSocket !== 'function'
  var failedOpens = 0
  var retry = 0
  var retryTimer = null
  function setStatus(text) { status.textContent = text || '' }

  function connect() {
    clearTimeout(retryTimer)
    if (useHttp) { startPolling(); flushHttp(); return }
    var opened = false
    var url = origin.replace(/^http/, 'ws') + '/webchat/ws'
    try { ws = new WebSocket(url) } catch (e) { ws = null; failedOpens = 9 }
    if (!ws) { useHttp = true; connect(); return }
    var socket = ws
    socket.onopen = function () {
      opened = true
      failedOpens = 0
      socket.send(JSON.stringify({ hello: { user: state.user, after: state.seq, lang: lang } }))
    }
    socket.onmessage = function (event) {
      var value
      try { value = JSON.parse(event.data) } catch (e) { return }
      if (value.welcome) {
        wsReady = true
        retry = 0
        setStatus('')
        pending.forEach(function (p) { socket.send(JSON.stringify(p)) })
        return
      }
      receive(value)
    }
    socket.onclose = function () {
      if (ws !== socket) return
      ws = null
      wsReady = false
      if (!opened && ++failedOpens >= 2) { useHttp = true; connect(); return }
      setStatus(navigator.onLine === false ? T.offline : T.reconnecting)
      retry = Math.min(retry + 1, 5)
      retryTimer = setTimeout(connect, Math.min(500 * Math.pow(2, retry - 1), 10000))
    }
  }

  var polling = false
  function startPolling() {
    if (polling) return
    polling = true
    var user = state.user
    ;(function poll() {
      if (!useHttp || user !== state.user) { polling = false; if (useHttp) startPolling(); return }
      fetch(origin + '/webchat/poll?user=' + encodeURIComponent(user) + '&after=' + state.seq, { credentials: 'omit' })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json() })
        .then(function (body) { setStatus(''); (body.batches || []).forEach(receive); poll() })
        .catch(function () { setStatus(navigator.onLine === false ? T.offline : T.reconnecting); setTimeout(poll, 3000) })
    })()
  }
  var sending = false
  function flushHttp() {
    if (sending || pending.length === 0) return
    sending = true
    var next = pending[0]
    var body = Object.assign({ user: state.user, lang: lang }, next)
    fetch(origin + '/webchat/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit' })
      .then(function (r) { if (!r.ok && r.status !== 400) throw new Error(String(r.status)); return r.json() })
      .then(function (batch) {
        sending = false
        setStatus('')
        if (batch && batch.seq) receive(batch)
        else pending = pending.filter(function (p) { return p !== next })
        updateTyping()
        flushHttp()
      })
      .catch(function () {
        sending = false
        setStatus(navigator.onLine === false ? T.offline : T.reconnecting)
        setTimeout(flushHttp, 3000)
      })
  }

  function transmit(message) {
    pending.push(message)
    updateTyping()
    if (useHttp) flushHttp()
    else if (ws && wsReady) ws.send(JSON.stringify(message))
    else if (!ws) connect()
  }
  function sendText(text, quiet) {
    if (!quiet) add({ who: 'me', text: text })
    transmit({ id: messageId(), text: text })
  }
  function choose(choice) {
    add({ who: 'me', text: choice.label })
    transmit({ id: messageId(), choice: choice.id })
  }

  function restart(keepScreen) {
    state = { user: randomId(), seq: 0, log: [] }
    save()
    pending = []
    updateTyping()
    if (!keepScreen) {
      var nodes = log.querySelectorAll('.msg,.choices')
      for (var i = 0; i < nodes.length; i++) nodes[i].remove()
    }
    if (ws) { var old = ws; ws = null; wsReady = false; old.close() }
    connect()
  }
  /** "hapus data saya" was done: this browser forgets its id and transcript too (what is on screen stays until closed). */
  function forgetMe() {
    disableOldChoices()
    restart(true)
  }

  // ── events ──────────────────────────────────────────────────────────────────────────────────────────
  form.addEventListener('submit', function (event) {
    event.preventDefault()
    var text = input.value.trim()
    if (!text) return
    input.value = ''
    sendText(text)
  })
  newChat.addEventListener('click', function () {
    restart(false)
    sendText('halo', true)
    input.focus()
  })
  function openPanel() {
    panel.hidden = false
    launch.hidden = true
    launch.setAttribute('aria-expanded', 'true')
    start()
    input.focus()
  }
  function closePanel() {
    panel.hidden = true
    launch.hidden = false
    launch.setAttribute('aria-expanded', 'false')
    launch.focus()
  }
  launch.addEventListener('click', openPanel)
  closeBtn.addEventListener('click', closePanel)
  panel.addEventListener('keydown', function (event) { if (event.key === 'Escape' && mode !== 'page') closePanel() })
  window.addEventListener('offline', function () { setStatus(T.offline) })
  window.addEventListener('online', function () { setStatus(''); if (!ws && !useHttp) connect() })

  var started = false
  function start() {
    if (started) return
    started = true
    state.log.forEach(show)
    connect()
    if (state.log.length === 0) sendText('halo', true)
  }
  if (mode === 'page') start()
})()
