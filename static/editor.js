// editor.js — what script adds to the article editor
// (templates/newsroom/article_editor.html); without it every button
// still works.
//
// 1. Counters: "N / max" under each field with data-max, and under the
//    body its length and 원고지 매수: user-perceived characters (Intl.
//    Segmenter graphemes) after NFC and CRLF → LF, spaces counted, line
//    breaks not, 200 to a sheet, a started sheet counted whole — the same
//    count as src/newsroom/manuscript.c, which the page shows as saved.
//    Counters only read the fields, so an IME composition is never
//    disturbed.
// 2. Ctrl+S (⌘S) presses 저장.
// 3. Autosave: every 30 s while someone types, the form goes to the
//    form's data-autosave-url (article_autosaves: one per person and
//    article, never the article itself).  A new article's first autosave
//    creates its draft (POST /newsroom/articles/new with autosave=1) once
//    it has a title, a section and a byline; the page then becomes that
//    draft's editor.  The answer says when someone else saved a newer
//    version; the next save will show both texts.
// 4. Leaving the page with unsaved typing asks first.
(function () {
  'use strict';

  var form = document.getElementById('editor-form');
  if (!form) {
    return;
  }
  var AUTOSAVE_MS = 30000;
  var SHEET = 200;

  var segmenter = null;
  if (typeof Intl !== 'undefined' && Intl.Segmenter) {
    segmenter = new Intl.Segmenter('ko', { granularity: 'grapheme' });
  }

  function normal(text) {
    return text.normalize('NFC').replace(/\r\n?/g, '\n');
  }

  // Characters as the server counts them; 'noBreaks' leaves LF out.
  function countChars(text, noBreaks) {
    var s = normal(text);
    var n = 0;
    if (!segmenter) {
      Array.from(s).forEach(function (c) {
        if (!noBreaks || c !== '\n') { n++; }
      });
      return n;
    }
    var it = segmenter.segment(s)[Symbol.iterator]();
    for (var r = it.next(); !r.done; r = it.next()) {
      if (!noBreaks || r.value.segment !== '\n') { n++; }
    }
    return n;
  }

  function fmt(n) {
    return n.toLocaleString('ko-KR');
  }

  function updateCounter(field) {
    var id = field.getAttribute('aria-describedby');
    var out = id && document.getElementById(id);
    if (!out) {
      return;
    }
    var max = Number(field.getAttribute('data-max'));
    if (field.id === 'f-body') {
      var n = countChars(field.value, true);
      out.querySelector('.count-chars').textContent = fmt(n);
      out.querySelector('.count-sheets').textContent = fmt(Math.ceil(n / SHEET));
      return;
    }
    var c = countChars(field.value, false);
    out.textContent = fmt(c) + ' / ' + fmt(max);
    out.classList.toggle('over', c > max);
  }

  var fields = form.querySelectorAll('[data-max]');
  fields.forEach(updateCounter);

  // Unsaved typing, since the last save or autosave.
  var dirty = false;
  var submitting = false;
  var status = form.querySelector('.autosave-status');
  var saveButton = form.querySelector('button[name="action"][value="save"]:not([disabled])');

  function say(text, warn) {
    if (status) {
      status.textContent = text;
      status.classList.toggle('warn', !!warn);
    }
  }

  form.addEventListener('input', function (e) {
    if (e.target.hasAttribute && e.target.hasAttribute('data-max')) {
      updateCounter(e.target);
    }
    if (e.target.name !== 'desk_note' && e.target.name !== 'publish_at') {
      dirty = true;
    }
  });
  form.addEventListener('compositionend', function (e) {
    if (e.target.hasAttribute && e.target.hasAttribute('data-max')) {
      updateCounter(e.target);
    }
  });
  form.addEventListener('change', function (e) {
    if (e.target.tagName === 'SELECT') {
      dirty = true;
    }
  });
  form.addEventListener('submit', function () {
    submitting = true;
  });

  document.addEventListener('keydown', function (e) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 's' || e.key === 'S')) {
      e.preventDefault();
      if (!saveButton || submitting || e.isComposing) {
        return;
      }
      if (typeof form.requestSubmit === 'function') {
        form.requestSubmit(saveButton);
      } else {
        saveButton.click();
      }
    }
  });

  window.addEventListener('beforeunload', function (e) {
    if (dirty && !submitting && saveButton) {
      e.preventDefault();
      e.returnValue = '';
    }
  });

  // The form's fields as a body for fetch(), without the buttons.
  function formBody(extra) {
    var data = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (name !== 'action') {
        data.append(name, value);
      }
    });
    Object.keys(extra).forEach(function (k) { data.set(k, extra[k]); });
    return data;
  }

  function field(name) {
    return form.querySelector('[name="' + name + '"]');
  }

  var busy = false;

  function autosave() {
    if (!dirty || busy || submitting || !saveButton) {
      return;
    }
    var url = form.getAttribute('data-autosave-url');
    var isNew = form.hasAttribute('data-new');
    if (!url) {
      return;
    }
    var extra = {};
    if (isNew) {
      var author = form.querySelector('select[name="author1"]');
      if (!field('title').value.trim() || !field('section').value ||
          !author || !author.value) {
        say('제목, 섹션, 기자를 채우면 자동 저장됩니다.');
        return;
      }
      extra.autosave = '1';
    }
    busy = true;
    dirty = false;
    fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      // Accept: errors (503 while the database is away) come as JSON too.
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: formBody(extra).toString(),
    })
      .then(function (r) {
        return r.json().catch(function () {
          return { ok: false, error: '자동 저장하지 못했습니다 (' + r.status + ').' };
        });
      })
      .then(function (j) {
        busy = false;
        if (!j.ok) {
          dirty = true;
          say(j.error || '자동 저장하지 못했습니다.', true);
          return;
        }
        if (isNew && j.edit_url) {
          // The draft exists now: this page is its editor.
          form.setAttribute('action', j.edit_url);
          form.setAttribute('data-autosave-url', j.autosave_url);
          form.removeAttribute('data-new');
          field('base_version').value = String(j.version);
          if (window.history && history.replaceState) {
            history.replaceState(null, '', j.edit_url);
          }
          say(j.saved_at + ' 초안으로 저장했습니다.');
          return;
        }
        if (j.stale) {
          say(j.saved_at + ' 자동 저장. ' + (j.by ? j.by + ' 님이 ' : '다른 사람이 ') +
              j.version + '판을 먼저 저장했습니다. 저장하면 두 글을 비교해 보여 줍니다.', true);
        } else {
          say(j.saved_at + ' 자동 저장했습니다.');
        }
      })
      .catch(function () {
        busy = false;
        dirty = true;
        say('자동 저장하지 못했습니다. 연결을 확인하십시오.', true);
      });
  }

  if (saveButton) {
    setInterval(autosave, AUTOSAVE_MS);
  }
  // For tests and the impatient: run one autosave now.
  form.addEventListener('sinmun:autosave', autosave);
}());
