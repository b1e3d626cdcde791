// The learning curve: bits learned and error budget spent, summed over the experiments (uPlot from the classpath WebJar).
(function () {
  var base = document.body.dataset.base;
  var el = document.getElementById('history-chart');
  if (!el) return;
  fetch(base + '/api/history').then(function (r) { return r.json(); }).then(function (h) {
    var xs = [], bits = [], budget = [];
    h.outcomes.forEach(function (o, i) {
      var t = o.endedAt;
      if (xs.length && t <= xs[xs.length - 1]) t = xs[xs.length - 1] + 0.001; // uPlot needs increasing x
      xs.push(t); bits.push(o.cumulativeBits); budget.push(o.cumulativeBudgetPercent);
    });
    el.style.display = 'block'; // shown (it is hidden while empty) so that it has the page's width to measure
    var width = Math.max(320, el.clientWidth - 18);
    var u = new uPlot({
      width: width, height: 280, legend: { live: false },
      scales: { x: { time: true }, bits: { auto: true }, pct: { auto: true } },
      series: [{}, { label: 'bits learned (total)', stroke: '#3d63dd', width: 2, scale: 'bits', points: { size: 7 } },
        { label: 'error budget spent (total, %)', stroke: '#d62f2f', width: 2, scale: 'pct', points: { size: 7 } }],
      axes: [{}, { scale: 'bits', label: 'bits' }, { scale: 'pct', side: 1, label: '% of budget', grid: { show: false } }]
    }, [xs, bits, budget], el);
    el.dataset.points = String(xs.length);
    window.assayHistory = u;
  });
})();
