// share.js — the article page's "링크 복사" (copy link) button. The button
// is hidden in the HTML and shown here, so a reader without script sees
// only the share links, which work without it. A click copies the page's
// canonical address with the Clipboard API; where that is missing or
// refused (an http:// site is not a secure context), it shows the address
// in a text field, selects it and tries the older copy command, so the
// reader can at least copy it by hand. The outcome is announced in the
// role="status" region next to the links.
(function () {
  'use strict';
  var item = document.querySelector('.share-copy');
  var button = document.querySelector('.share-copy-button');
  var status = document.querySelector('.share-status');
  var fallback = document.querySelector('.share-copy-fallback');
  var input = document.querySelector('.share-url');
  if (!item || !button || !status || !input) {
    return;
  }
  var canonical = document.querySelector('link[rel="canonical"]');
  var url = canonical ? canonical.href : input.value;

  function say(text) {
    // Cleared first so saying the same thing twice is announced twice.
    status.textContent = '';
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function copyByHand() {
    if (fallback) {
      fallback.hidden = false;
    }
    input.value = url;
    input.focus();
    input.select();
    var copied = false;
    try {
      copied = document.execCommand('copy');
    } catch (e) {
      copied = false;
    }
    say(copied ? '링크가 복사되었습니다'
      : '주소를 선택했습니다. Ctrl+C(⌘+C)로 복사해 주십시오');
  }

  item.hidden = false;
  button.addEventListener('click', function () {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () {
        say('링크가 복사되었습니다');
      }, copyByHand);
    } else {
      copyByHand();
    }
  });
})();
