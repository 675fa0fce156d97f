// forms.js — fills the CSRF token of forms on pages cached for everyone.
// Such pages carry <input type="hidden" name="csrf" value="">; the token
// belongs to this reader (their visitor cookie), so it is asked of GET
// /csrf when the reader starts on a form, and on submit at the latest.
// Without script the server answers a token-less POST with a page that
// keeps what was typed and sends it again with a fresh token.
(function () {
  'use strict';
  var pending = null;

  function emptyFields() {
    return document.querySelectorAll('input[type="hidden"][name="csrf"]');
  }

  function fetchToken() {
    if (!pending) {
      pending = fetch('/csrf', { credentials: 'same-origin', cache: 'no-store' })
        .then(function (r) { return r.json(); })
        .then(function (j) {
          emptyFields().forEach(function (f) {
            if (!f.value) { f.value = j.token; }
          });
          return j.token;
        })
        .catch(function () { pending = null; });
    }
    return pending;
  }

  function needsToken(form) {
    var f = form && form.querySelector && form.querySelector('input[type="hidden"][name="csrf"]');
    return f && !f.value;
  }

  document.addEventListener('focusin', function (e) {
    var form = e.target && e.target.form;
    if (needsToken(form)) { fetchToken(); }
  });

  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!needsToken(form)) { return; }
    e.preventDefault();
    fetchToken().then(function () {
      // submit() skips submit events, so this does not loop.
      HTMLFormElement.prototype.submit.call(form);
    });
  });
})();
