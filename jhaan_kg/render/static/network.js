// The network page: reads the view from its JSON block and draws it with vis-network.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("network-data").textContent);
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return {id: n.id, label: n.label, x: n.x * 3, y: n.y * 3, color: n.colour, size: n.size, shape: "dot"};
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) { return {id: e.id, from: e.from, to: e.to}; }));
  new vis.Network(document.getElementById("network"), {nodes: nodes, edges: edges},
                  {physics: false, interaction: {hover: true}});
})();
