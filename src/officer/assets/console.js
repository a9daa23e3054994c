// Officer console: small progressive enhancements; every page works without this file.
// - forms with data-confirm ask before sending (deletions);
// - elements with data-live="<url>" reload the page when the server-sent event stream at <url> says something
//   changed (the handoff inbox), keeping what the officer was typing.
'use strict'
document.addEventListener('submit', function (event) {
  var form = event.target
  if (form && form.getAttribute && form.getAttribute('data-confirm') && !window.confirm(form.getAttribute('data-confirm'))) event.preventDefault()
})
document.addEventListener('DOMContentLoaded', function () {
  var live = document.querySelector('[data-live]')
  if (!live || !window.EventSource) return
  var source = new EventSource(live.getAttribute('data-live'))
  var timer = null
  function refresh() {
    var typing = document.querySelector('textarea[name="text"]')
    if (typing && typing.value.trim() !== '') {
      var note = document.querySelector('[data-live-note]')
      if (note) note.hidden = false
      return
    }
    if (timer) return
    timer = setTimeout(function () { window.location.reload() }, 150)
  }
  source.addEventListener('change', refresh)
  // The first event says how things stand now: a change between drawing this page and connecting reloads it.
  source.addEventListener('state', function (event) {
    if (event.data !== live.getAttribute('data-stamp')) refresh()
  })
  window.addEventListener('pagehide', function () { source.close() })
})
