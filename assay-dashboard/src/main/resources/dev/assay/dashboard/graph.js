// The dependency graph coloured by belief (Cytoscape.js from the classpath WebJar); click an edge for its details.
(function () {
  var base = document.body.dataset.base;
  var colours = { fragile: '#d62f2f', tolerant: '#2f9e44', uncertain: '#9aa3b2' };
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  fetch(base + '/api/graph').then(function (r) { return r.json(); }).then(function (g) {
    var elements = g.nodes.map(function (n) { return { data: { id: n.id, label: n.id, entry: n.entry } }; })
      .concat(g.edges.map(function (e) {
        return { data: { id: e.id, source: e.source, target: e.target, standing: e.standing, sync: e.sync, tested: e.tested, mechanism: e.mechanism } };
      }));
    var roots = g.nodes.filter(function (n) { return n.entry; }).map(function (n) { return '#' + CSS.escape(n.id); }).join(',');
    var cy = cytoscape({
      container: document.getElementById('graph'), elements: elements, boxSelectionEnabled: false, autoungrabify: false,
      style: [
        { selector: 'node', style: { 'label': 'data(label)', 'background-color': '#3d63dd', 'color': '#1d2330', 'font-size': 12,
          'text-valign': 'bottom', 'text-margin-y': 4, 'width': 22, 'height': 22 } },
        { selector: 'node[?entry]', style: { 'border-width': 4, 'border-color': '#1d2330' } },
        { selector: 'edge', style: { 'width': 3, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'arrow-scale': 1.2,
          'line-color': function (e) { return colours[e.data('standing')]; }, 'target-arrow-color': function (e) { return colours[e.data('standing')]; } } },
        { selector: 'edge[!sync]', style: { 'line-style': 'dashed' } },
        { selector: 'edge:selected', style: { 'width': 6 } }
      ],
      layout: { name: 'breadthfirst', directed: true, roots: roots || undefined, spacingFactor: 1.1, padding: 20 }
    });
    window.assayGraph = cy;
    document.getElementById('graph').dataset.rendered = String(cy.nodes().length);
    cy.on('tap', 'edge', function (evt) {
      var d = evt.target.data();
      var tested = d.tested && d.tested.length ? '<ul>' + d.tested.map(function (t) { return '<li>' + esc(t) + '</li>'; }).join('') + '</ul>' : '<p>untested</p>';
      document.getElementById('edge-detail').innerHTML = '<h3>' + esc(d.source) + ' → ' + esc(d.target) + '</h3><p class="' + d.standing + '">' +
        esc(d.standing) + (d.sync ? '' : ' (async)') + '</p><b>tested</b>' + tested + (d.mechanism ? '<b>mechanism</b><p>' + esc(d.mechanism) + '</p>' : '');
    });
  });
})();
