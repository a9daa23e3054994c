// Officer dashboard: draws the charts from GET /console/api/dashboard (the URL is in #dashboard[data-api]) with
// Chart.js (served locally as /console/assets/chart.umd.js). When every chart is drawn, #dashboard gets
// data-drawn="<number of charts>" (tests wait for it).
'use strict'
;(function () {
  var PALETTE = ['#0b5394', '#e69138', '#6aa84f', '#cc0000', '#674ea7', '#45818e', '#bf9000', '#a64d79', '#3d85c6', '#999999']
  function color(i) { return PALETTE[i % PALETTE.length] }
  function sum(list) { return list.reduce(function (a, b) { return a + b }, 0) }

  function base(horizontal, stacked) {
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: horizontal ? 'y' : 'x',
      plugins: { legend: { display: true, position: 'bottom', labels: { boxWidth: 12 } } },
      scales: {
        x: { stacked: !!stacked, beginAtZero: true, ticks: { maxRotation: 60, autoSkip: true, precision: 0 } },
        y: { stacked: !!stacked, beginAtZero: true, ticks: { precision: 0 } },
      },
    }
  }

  function perDay(data, series) {
    var names = Object.keys(series)
    return {
      type: 'line',
      data: {
        labels: data.days,
        datasets: names.map(function (name, i) {
          return { label: name, data: series[name], borderColor: color(i), backgroundColor: color(i), tension: 0.2, pointRadius: data.days.length > 60 ? 0 : 2 }
        }),
      },
      options: base(false, false),
    }
  }

  function totals(list, label, horizontal) {
    var options = base(horizontal, false)
    options.plugins.legend.display = false
    return {
      type: 'bar',
      data: {
        labels: list.map(function (t) { return t.label }),
        datasets: [{ label: label, data: list.map(function (t) { return t.count }), backgroundColor: list.map(function (_, i) { return color(i) }) }],
      },
      options: options,
    }
  }

  function bars(days, sets, stacked) {
    return {
      type: 'bar',
      data: { labels: days, datasets: sets.map(function (s, i) { return { label: s[0], data: s[1], backgroundColor: color(i) } }) },
      options: base(false, stacked),
    }
  }

  function config(kind, data, root) {
    var en = document.documentElement.lang === 'en'
    var t = function (id, e) { return en ? e : id }
    switch (kind) {
      case 'conversations': return perDay(data, data.conversations)
      case 'messages': return perDay(data, data.messages)
      case 'leads': return bars(data.days, [[t('Lead', 'Leads'), data.leads.perDay]], false)
      case 'province': return totals(data.leads.byProvince, t('Lead', 'Leads'), true)
      case 'interest': return totals(data.leads.byInterest, t('Lead', 'Leads'), true)
      case 'destination': return totals(data.leads.byDestination, t('Lead', 'Leads'), true)
      case 'faq': return bars(data.days, [[t('Terjawab', 'Answered'), data.faq.answered], [t('Klarifikasi', 'Clarification'), data.faq.clarify], [t('Tidak terjawab', 'Fallback'), data.faq.fallback]], true)
      case 'agency': return totals(data.agency, t('Cek', 'Checks'), false)
      case 'emergency': return totals(data.emergencies, t('Darurat', 'Emergencies'), false)
      case 'handoff': return bars(data.days, [[t('Dibuka', 'Opened'), data.handoff.opened], [t('Ditutup', 'Closed'), data.handoff.closed]], false)
      case 'first-reply': return totals(data.handoff.within, t('Balasan pertama', 'First replies'), false)
      default:
        if (kind.indexOf('funnel:') === 0) {
          var flow = kind.slice(7)
          var funnel = data.funnels.filter(function (f) { return f.flow === flow })[0]
          if (!funnel) return null
          return totals(funnel.steps.map(function (s) { return { label: s.step, count: s.reached } }), t('Dicapai', 'Reached'), true)
        }
        return null
    }
  }

  function isEmpty(cfg) {
    return cfg.data.datasets.every(function (d) { return sum(d.data) === 0 })
  }

  document.addEventListener('DOMContentLoaded', function () {
    var root = document.getElementById('dashboard')
    if (!root || !window.Chart) return
    fetch(root.getAttribute('data-api'), { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body.error || response.statusText)
          return body
        })
      })
      .then(function (data) {
        var drawn = 0
        root.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
          var cfg = config(canvas.getAttribute('data-chart'), data, root)
          if (!cfg) return
          if (isEmpty(cfg)) {
            var note = document.createElement('p')
            note.className = 'muted'
            note.textContent = root.getAttribute('data-empty')
            canvas.parentNode.insertBefore(note, canvas)
          }
          new window.Chart(canvas, cfg)
          drawn++
        })
        root.setAttribute('data-drawn', String(drawn))
      })
      .catch(function (error) {
        var p = document.createElement('p')
        p.className = 'message error'
        p.setAttribute('role', 'alert')
        p.textContent = String(error.message || error)
        root.insertBefore(p, root.firstChild)
        root.setAttribute('data-drawn', 'error')
      })
  })
})()
