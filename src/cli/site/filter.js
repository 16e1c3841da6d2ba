// The filter box of a catalog index: hides each list item whose text lacks any of the words
// typed (case-insensitive), each section left without items, and says when nothing matches.
// Plain DOM, no network.
(function () {
  'use strict';
  var input = document.getElementById('filter');
  var none = document.getElementById('filter-none');
  if (!input || !none) {
    return;
  }
  var sections = document.querySelectorAll('[data-filter]');
  function apply() {
    var words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    sections.forEach(function (section) {
      var visible = 0;
      section.querySelectorAll('li').forEach(function (item) {
        var text = item.textContent.toLocaleLowerCase();
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        item.hidden = !match;
        visible += match ? 1 : 0;
      });
      section.hidden = visible === 0;
      shown += visible;
    });
    none.hidden = shown !== 0;
  }
  input.addEventListener('input', apply);
  apply();
})();
