// Shared by every page: where the realtime gateway is, and a connected event bus.
'use strict';

window.GifChat = (function () {
  function bridgeUrl() {
    const configured = document.body.dataset.realtimeUrl;
    if (configured) {
      return configured;
    }
    return location.protocol + '//' + location.hostname + ':' + document.body.dataset.realtimePort + '/eventbus';
  }

  // onOpen runs on every (re)connection: the bridge forgets a socket's subscriptions when it closes.
  function connect(onOpen, onStatus) {
    const eb = new EventBus(bridgeUrl(), {vertxbus_ping_interval: 5000});
    eb.enableReconnect(true);
    eb.onopen = function () {
      onStatus('open');
      onOpen(eb);
    };
    eb.onclose = function () {
      onStatus('closed');
    };
    // the library calls onreconnect right after onopen once a reconnect succeeded: the connection is open again
    return eb;
  }

  function swatch(colour) {
    const span = document.createElement('span');
    span.className = 'swatch';
    span.style.background = colour;
    span.title = Texts.colourName(colour);
    return span;
  }

  // An id for a message this page may have to send again: random, so that the server stores it once.
  function newClientId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
  }

  return {connect: connect, swatch: swatch, newClientId: newClientId};
})();
