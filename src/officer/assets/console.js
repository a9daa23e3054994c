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
  source.addEventListener('change', function () {
    var typing = document.querySelector('textarea[name="text"]')
    if (typing && typing.value.trim() !== '') {
      var note = document.querySelector('[data-live-note]')
      if (note) note.hidden = false
      return
    }
    if (timer) return
    timer = setTimeout(function () { window.location.reload() }, 150)
  })
  window.addEventListener('pagehide', function () { source.close() })
})
