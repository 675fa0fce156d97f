// print.js — the print page (/article/{id}/print): shows the "인쇄하기"
// button (hidden without script, since it needs script to work) and, only
// when the address asks with ?auto=1 (the article page's "프린트" link),
// opens the browser's print dialog once the page has loaded.
(function () {
  'use strict';
  var button = document.querySelector('.print-button');
  if (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      window.print();
    });
  }
  var params = new URLSearchParams(window.location.search);
  if (params.get('auto') === '1') {
    // After 'load', so the fonts and any photos are in the printout.
    if (document.readyState === 'complete') {
      window.print();
    } else {
      window.addEventListener('load', function () { window.print(); });
    }
  }
})();
