"""The US aid page's own pieces: the chart (cached, clickable), the metrics, the lists under the chart, the
table and its download, the glossary."""
