// front_edit.js — dragging on /newsroom/front (메인 편집). The page works
// without it: every slot has ▲/▼ buttons that post one move each. With
// it, each row of a list marked data-order-form shows a handle; dragging
// a row (mouse, pen or finger: pointer events) moves it among its
// siblings, and dropping it posts the list's new order (the rows'
// data-id, 0 for a free 주요 기사 slot) with the hidden order form the
// list names. The handle also moves its row with the arrow keys, and
// Enter or Space then posts the order. Same-origin only; the CSP forbids
// inline script, so this file is all there is.
(function () {
  'use strict';
  var status = document.querySelector('.fe-status');

  function say(text) {
    if (!status) {
      return;
    }
    status.textContent = '';
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function rows(list) {
    return Array.prototype.filter.call(list.children, function (el) {
      return el.tagName === 'LI';
    });
  }

  function order(list) {
    return rows(list).map(function (li) { return li.getAttribute('data-id'); }).join(',');
  }

  // Post the list's order unless it is what the page came with.
  function save(list, before) {
    var now = order(list);
    if (now === before) {
      return;
    }
    var form = document.getElementById(list.getAttribute('data-order-form'));
    if (!form) {
      return;
    }
    form.querySelector('input[name="order"]').value = now;
    say('새 순서를 저장하는 중입니다…');
    list.classList.add('is-saving');
    form.submit();
  }

  function setUp(list) {
    var label = list.getAttribute('data-label') || '';
    var start = order(list);
    var dragging = null;

    rows(list).forEach(function (li) {
      var handle = li.querySelector('.drag-handle');
      if (!handle) {
        return;
      }
      handle.hidden = false;

      // The moves and the drop are followed on the document: moving the
      // row in the DOM ends any pointer capture on its handle.
      function move(ev) {
        ev.preventDefault();
        // Put the row before the first sibling whose middle is below
        // the pointer, or last.
        var others = rows(list).filter(function (el) { return el !== li; });
        var before = null;
        for (var i = 0; i < others.length; i++) {
          var box = others[i].getBoundingClientRect();
          if (ev.clientY < box.top + box.height / 2) {
            before = others[i];
            break;
          }
        }
        if (before !== li.nextElementSibling) {
          list.insertBefore(li, before);
        }
      }
      function drop() {
        document.removeEventListener('pointermove', move);
        document.removeEventListener('pointerup', drop);
        document.removeEventListener('pointercancel', drop);
        dragging = null;
        li.classList.remove('is-dragging');
        save(list, start);
      }
      handle.addEventListener('pointerdown', function (ev) {
        if (ev.button !== 0 || dragging) {
          return;
        }
        ev.preventDefault();
        dragging = li;
        li.classList.add('is-dragging');
        document.addEventListener('pointermove', move);
        document.addEventListener('pointerup', drop);
        document.addEventListener('pointercancel', drop);
      });

      // Keyboard: arrows move the row, Enter or Space saves.
      handle.addEventListener('keydown', function (ev) {
        var sibling = null;
        if (ev.key === 'ArrowUp') {
          sibling = li.previousElementSibling;
          if (sibling) {
            list.insertBefore(li, sibling);
          }
        } else if (ev.key === 'ArrowDown') {
          sibling = li.nextElementSibling;
          if (sibling) {
            list.insertBefore(sibling, li);
          }
        } else if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          save(list, start);
          return;
        } else {
          return;
        }
        ev.preventDefault();
        handle.focus();
        var place = rows(list).indexOf(li) + 1;
        say(label + ' ' + place + '번째로 옮겼습니다. Enter를 누르면 저장합니다.');
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-order-form]'), setUp);
})();
