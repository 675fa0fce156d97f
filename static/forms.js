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
      pending = fetch('/csrf', {
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { Accept: 'application/json' },
      })
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

  // The form being sent again by resend(): its submit event passes.
  var resending = null;

  // Send 'form' again as if 'submitter' (the button pressed, or null) were
  // pressed: requestSubmit() keeps the button's name=value (공감 vs
  // 비공감); form.submit() would drop it.
  function resend(form, submitter) {
    if (typeof form.requestSubmit === 'function') {
      resending = form;
      try {
        form.requestSubmit(submitter && submitter.form === form ? submitter : null);
      } finally {
        resending = null;
      }
      return;
    }
    if (submitter && submitter.name) {
      var carry = document.createElement('input');
      carry.type = 'hidden';
      carry.name = submitter.name;
      carry.value = submitter.value;
      form.appendChild(carry);
    }
    // submit() skips submit events, so this does not loop.
    HTMLFormElement.prototype.submit.call(form);
  }

  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (form === resending || !needsToken(form)) { return; }
    e.preventDefault();
    var submitter = e.submitter || null;
    fetchToken().then(function () { resend(form, submitter); });
  });
})();
