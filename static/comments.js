// comments.js — what script adds to the comment forms; without it every
// form still works (templates/comments/).
//
// 1. The "N / 1000" counter under each comment textarea ([data-max]):
//    user-perceived characters (Intl.Segmenter graphemes) of the value
//    after NFC and CRLF → LF, exactly as the server counts
//    (base/utf8.c).  It only reads the textarea, never writes its value,
//    so an IME composition is never disturbed; it updates on input and
//    compositionend, and marks the counter .over past the limit.
// 2. Enter in a one-line field (nickname, password) while a Hangul
//    syllable is being composed confirms the syllable, never submits: a
//    keydown with isComposing (or keyCode 229) is left to the IME, and a
//    submit during a composition or right after such an Enter is
//    cancelled before forms.js sees it.
// 3. "답글" opens the reply form (from <template id=
//    "comment-reply-template">) under the comment instead of leaving the
//    page; the link still goes to /comment/{id}/reply without script.
(function () {
  'use strict';

  var segmenter = null;
  if (typeof Intl !== 'undefined' && Intl.Segmenter) {
    segmenter = new Intl.Segmenter('ko', { granularity: 'grapheme' });
  }

  // Characters as the server counts them.
  function countChars(text) {
    var s = text.normalize('NFC').replace(/\r\n?/g, '\n');
    if (!segmenter) {
      return Array.from(s).length;
    }
    var n = 0;
    var it = segmenter.segment(s)[Symbol.iterator]();
    while (!it.next().done) {
      n++;
    }
    return n;
  }

  function counterFor(area) {
    var id = area.getAttribute('aria-describedby');
    return id ? document.getElementById(id) : null;
  }

  function updateCounter(area) {
    var counter = counterFor(area);
    if (!counter) {
      return;
    }
    var max = Number(area.getAttribute('data-max')) || 1000;
    var n = countChars(area.value);
    var num = counter.querySelector('.comment-count');
    if (num) {
      num.textContent = String(n);
    } else {
      counter.textContent = n + ' / ' + max;
    }
    var over = n > max;
    counter.classList.toggle('over', over);
    if (over) {
      area.setAttribute('aria-invalid', 'true');
    } else {
      area.removeAttribute('aria-invalid');
    }
  }

  function isCommentArea(el) {
    return el && el.tagName === 'TEXTAREA' && el.hasAttribute('data-max');
  }

  function inCommentForm(el) {
    return el && el.form && el.form.classList.contains('comment-form');
  }

  // Forms whose field is composing right now, and the time of the last
  // Enter that an IME took (a submit right after it is not the reader's).
  var composing = typeof WeakSet !== 'undefined' ? new WeakSet() : null;
  var imeEnterAt = 0;
  var IME_ENTER_MS = 150;

  document.addEventListener('input', function (e) {
    if (isCommentArea(e.target)) {
      updateCounter(e.target);
    }
  });

  document.addEventListener('compositionstart', function (e) {
    if (composing && inCommentForm(e.target)) {
      composing.add(e.target.form);
    }
  });

  document.addEventListener('compositionend', function (e) {
    if (composing && inCommentForm(e.target)) {
      composing.delete(e.target.form);
    }
    if (isCommentArea(e.target)) {
      updateCounter(e.target);
    }
  });

  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (e.key !== 'Enter' && e.keyCode !== 13 && e.keyCode !== 229) {
      return;
    }
    if (!inCommentForm(t) || t.tagName !== 'INPUT') {
      return;
    }
    if (e.isComposing || e.keyCode === 229 ||
        (composing && composing.has(t.form))) {
      // The IME takes this Enter to confirm the syllable: let it (so the
      // syllable is confirmed once), but no submit may follow from it.
      imeEnterAt = Date.now();
      if (!e.isComposing) {
        // Safari ends the composition first, then sends this Enter.
        e.preventDefault();
      }
    }
  }, true);

  // Capture phase: runs before forms.js's submit handler on document.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!form || !form.classList || !form.classList.contains('comment-form')) {
      return;
    }
    if ((composing && composing.has(form)) ||
        Date.now() - imeEnterAt < IME_ENTER_MS) {
      e.preventDefault();
      e.stopPropagation();
    }
  }, true);

  // Inline reply forms.
  var replyCount = 0;

  function openReply(link) {
    var id = link.getAttribute('data-comment');
    var tpl = document.getElementById('comment-reply-template');
    var article = document.getElementById('comment-' + id);
    if (!id || !tpl || !tpl.content || !article) {
      return false;
    }
    var open = article.parentNode.querySelector(':scope > .comment-form');
    if (open) {
      open.querySelector('textarea').focus();
      return true;
    }
    var form = tpl.content.querySelector('form').cloneNode(true);
    replyCount++;
    var prefix = 'reply-' + id + '-' + replyCount;
    form.id = prefix + '-form';
    form.setAttribute('action', form.getAttribute('action').replace(/#.*$/, '') +
      '#' + prefix + '-form');
    var parent = document.createElement('input');
    parent.type = 'hidden';
    parent.name = 'parent';
    parent.value = id;
    form.insertBefore(parent, form.firstChild);
    var area = form.querySelector('textarea');
    var label = form.querySelector('label[for="reply-body"]');
    var counter = form.querySelector('#reply-counter');
    area.id = prefix + '-body';
    if (label) {
      label.setAttribute('for', area.id);
    }
    if (counter) {
      counter.id = prefix + '-counter';
      area.setAttribute('aria-describedby', counter.id);
    }
    article.insertAdjacentElement('afterend', form);
    updateCounter(area);
    var first = form.querySelector('input[name="nickname"]') || area;
    first.focus();
    return true;
  }

  document.addEventListener('click', function (e) {
    var link = e.target && e.target.closest && e.target.closest('.comment-reply-link');
    if (!link || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) {
      return;
    }
    if (openReply(link)) {
      e.preventDefault();
    }
  });

  function init() {
    var areas = document.querySelectorAll('textarea[data-max]');
    for (var i = 0; i < areas.length; i++) {
      updateCounter(areas[i]);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
