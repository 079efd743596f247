// A chat room: live messages from room.<id> through the bridge, history over HTTP, sending with a reply.
'use strict';

(function () {
  const chat = document.getElementById('chat');
  const roomId = chat.dataset.roomId;
  const ticket = chat.dataset.ticket;
  const pageSize = Number(chat.dataset.pageSize);
  const list = document.getElementById('messages');
  const status = document.getElementById('status');
  const olderButton = document.getElementById('load-older');
  const form = document.getElementById('send-form');
  const input = document.getElementById('text');
  const sendButton = document.getElementById('send');
  const sendError = document.getElementById('send-error');
  const memberCount = document.getElementById('member-count');
  const gifInput = document.getElementById('gif-input');
  const gifButton = document.getElementById('gif-button');
  const progress = document.getElementById('upload-progress');
  const maxUpload = Number(chat.dataset.maxUpload);
  const myColour = document.getElementById('my-colour').dataset.colour;
  const outbox = document.getElementById('outbox');
  const t = Texts.t;
  const shown = new Set();
  let oldestSeq = null;
  let newestSeq = 0;
  let historyLoaded = false;
  let welcomedBefore = false;
  // messages whose storing was not confirmed: sent again, with the same client id, until it is
  const unsent = [];
  let eventBus = null;
  let closed = false;
  let removed = false;
  // the server said it restarts: the connection's end is expected, and the page connects again by itself
  let restarting = false;
  const REMOVED_BY_ADMIN = 4033;
  const NOT_ADMITTED = 4032;
  const UNAVAILABLE = 5030;
  const REPLY_WAIT_MS = 5000;
  const ENTER_AGAIN_MS = 2000;
  const CATCH_UP_PAGE = 200;
  const CATCH_UP_PAGES = 5;
  const RELOADED_KEY = 'gifchat.reloadedForTicket';

  function setStatus(text, isError) {
    status.textContent = text;
    status.classList.toggle('error', Boolean(isError));
  }

  function canWrite(yes) {
    chat.dataset.state = yes ? 'in' : 'out';
    input.disabled = !yes;
    sendButton.disabled = !yes;
    gifButton.disabled = !yes;
  }

  // System notices are written here, in the reader's language, from what they carry (who, which event).
  function noticeText(message) {
    const names = (message.colours || [message.colour]).map(Texts.colourName);
    switch (message.event) {
      case 'joined':
      case 'left': {
        const count = names.length === 1 ? '1' : names.length === 2 ? '2' : 'n';
        return t('room.' + message.event + '.' + count, names[0], names[1], names.length - 2);
      }
      case 'kicked':
        return t('room.kicked', names[0]);
      case 'deleted':
        return t('room.deleted');
      case 'closed':
        return message.by === 'admin' ? t('room.closedByAdmin') : t('room.closedByOwner');
      case 'announcement':
        return t('room.announcement', message.text);
      default:
        return message.text;
    }
  }

  function item(message) {
    const li = document.createElement('li');
    li.className = 'message ' + message.type;
    if (message.type === 'system') {
      li.dataset.event = message.event;
      li.textContent = noticeText(message);
      return li;
    }
    li.dataset.seq = String(message.seq);
    li.dataset.id = message.id;
    if (message.colour === myColour) {
      li.classList.add('mine');
    }
    const author = document.createElement('span');
    author.className = 'author';
    author.append(GifChat.swatch(message.colour), Texts.colourName(message.colour));
    const text = message.type === 'gif' ? image(message) : document.createElement('span');
    if (message.type !== 'gif') {
      text.className = 'text';
      text.textContent = message.text;
    }
    const time = document.createElement('time');
    time.dateTime = new Date(message.at).toISOString();
    time.textContent = new Date(message.at).toLocaleTimeString();
    li.append(author, text, time);
    return li;
  }

  // Width and height come with the message, so the space is reserved before the image arrives.
  function image(message) {
    const gif = message.gif;
    const img = document.createElement('img');
    img.className = 'gif';
    img.src = '/gif/' + encodeURIComponent(gif.id);
    img.width = gif.width;
    img.height = gif.height;
    img.style.aspectRatio = gif.width + ' / ' + gif.height;
    img.alt = t('room.imageFrom', Texts.colourName(message.colour));
    img.loading = 'lazy';
    return GifChat.stillUntilClicked(img, gif.contentType);
  }

  function showError(text) {
    sendError.textContent = text;
    sendError.hidden = false;
  }

  function humanSize(bytes) {
    const mebibyte = 1024 * 1024;
    return bytes >= mebibyte && bytes % mebibyte === 0 ? (bytes / mebibyte) + ' MiB' : Math.floor(bytes / 1024) + ' KiB';
  }

  function upload(file) {
    if (!file) {
      return;
    }
    if (input.disabled) {
      showError(t('room.imageWait'));
      return;
    }
    sendError.hidden = true;
    if (file.size > maxUpload) {
      showError(t('room.imageTooLarge', humanSize(maxUpload)));
      return;
    }
    const form = new FormData();
    form.append('gif', file, file.name || 'pasted-image');
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/room/' + encodeURIComponent(roomId) + '/gif');
    xhr.upload.onprogress = function (event) {
      if (event.lengthComputable) {
        progress.value = Math.round(100 * event.loaded / event.total);
      }
    };
    xhr.onload = function () {
      progress.hidden = true;
      if (xhr.status !== 201) {
        let message = t('room.imageFailed');
        try {
          const error = JSON.parse(xhr.responseText).error;
          message = Texts.failure(error.code, error.message);
        } catch (e) {
          // not our JSON: keep the general message
        }
        showError(message);
      }
    };
    xhr.onerror = xhr.onabort = xhr.ontimeout = function () {
      progress.hidden = true;
      showError(t('room.imageConnection'));
    };
    progress.value = 0;
    progress.hidden = false;
    xhr.send(form);
  }

  // Messages are numbered per room; place each by its number so history and live ones interleave correctly.
  function place(message) {
    if (message.type === 'system') {
      list.appendChild(item(message));
      return true;
    }
    if (shown.has(message.id)) {
      return false;
    }
    shown.add(message.id);
    oldestSeq = oldestSeq === null ? message.seq : Math.min(oldestSeq, message.seq);
    newestSeq = Math.max(newestSeq, message.seq);
    const later = Array.from(list.querySelectorAll('li[data-seq]')).find(li => Number(li.dataset.seq) > message.seq);
    list.insertBefore(item(message), later || null);
    return true;
  }

  function historyPage(query) {
    return fetch('/api/rooms/' + encodeURIComponent(roomId) + '/messages' + query, {credentials: 'same-origin'})
      .then(response => response.json().then(body => ({ok: response.ok, body: body})), () => {
        throw new Error(t('room.historyConnection'));
      })
      .then(result => {
        if (!result.ok) {
          throw new Error(result.body.error ? Texts.failure(result.body.error.code, result.body.error.message) : t('room.historyFailed'));
        }
        return result.body;
      });
  }

  function loadHistory(before) {
    return historyPage('?limit=' + pageSize + (before ? '&before=' + before : '')).then(body => {
      body.messages.forEach(place);
      olderButton.hidden = !body.hasMore;
      reading.atBottomIfWas();
    });
  }

  // After a reconnect: exactly what was stored after the newest message shown, in pages. Live messages that arrive
  // meanwhile are placed by number and shown once. A gap of more than a few pages is offered as a reload instead.
  function catchUp(after, pagesLeft) {
    return historyPage('?after=' + after + '&limit=' + CATCH_UP_PAGE).then(body => {
      body.messages.forEach(message => arrived(message, place(message)));
      const last = body.messages.length ? body.messages[body.messages.length - 1].seq : after + CATCH_UP_PAGE;
      if (!body.hasMore) {
        return;
      }
      if (pagesLeft > 1) {
        return catchUp(last, pagesLeft - 1);
      }
      document.getElementById('gap').hidden = false;
    });
  }

  function renderOutbox() {
    outbox.replaceChildren(...unsent.map(entry => {
      const li = document.createElement('li');
      li.className = 'unsent';
      const text = document.createElement('span');
      text.className = 'text';
      text.textContent = entry.text;
      const note = document.createElement('span');
      note.className = 'hint';
      note.textContent = ' ' + t('room.notSent') + ' ';
      const retry = document.createElement('button');
      retry.type = 'button';
      retry.className = 'link';
      retry.textContent = t('room.retry');
      retry.addEventListener('click', () => unsent.slice().forEach(transmit));
      li.append(text, note, retry);
      return li;
    }));
    outbox.hidden = unsent.length === 0;
  }

  function settle(entry) {
    const at = unsent.indexOf(entry);
    if (at >= 0) {
      unsent.splice(at, 1);
      renderOutbox();
    }
  }

  function holdForRetry(entry) {
    if (unsent.indexOf(entry) < 0) {
      unsent.push(entry);
      renderOutbox();
    }
  }

  // Sends a message; one whose answer does not come, or says the chat is unavailable, waits in the outbox and is sent
  // again with the same client id, so it is stored once however many times it goes.
  function transmit(entry) {
    if (!eventBus || eventBus.state !== EventBus.OPEN) {
      holdForRetry(entry);
      return;
    }
    let answered = false;
    const timer = setTimeout(() => {
      if (!answered) {
        holdForRetry(entry);
      }
    }, REPLY_WAIT_MS);
    eventBus.send('chat.send', {roomId: roomId, text: entry.text, clientId: entry.clientId}, {}, function (err) {
      answered = true;
      clearTimeout(timer);
      if (!err) {
        settle(entry);
      } else if (err.failureCode === UNAVAILABLE || !(err.failureCode > 0)) {
        // unavailable, or the bridge's own timeout (a negative code, a Vert.x text no person should read): try again
        holdForRetry(entry);
      } else {
        settle(entry);
        showError(Texts.failure(err.failureCode, err.message) || t('room.sendFailed'));
        // refused for good (too long, too fast…): give the words back, so nothing typed is lost
        if (!input.value) {
          input.value = entry.text;
        }
      }
    });
  }

  function onMessage(err, message) {
    if (err && err.failureCode === NOT_ADMITTED && welcomedBefore && !sessionStorage.getItem(RELOADED_KEY)) {
      // the ticket this page holds is no longer accepted (rotated, or expired): a reload brings a fresh one
      sessionStorage.setItem(RELOADED_KEY, '1');
      location.reload();
      return;
    }
    if (err && err.failureCode === UNAVAILABLE) {
      // the server is starting or its database is away: try to enter again in a moment
      canWrite(false);
      setStatus(t('room.tryingAgain', Texts.failure(err.failureCode, err.message)), true);
      setTimeout(enter, ENTER_AGAIN_MS);
      return;
    }
    if (err) {
      canWrite(false);
      refused(err.failureCode, Texts.failure(err.failureCode, err.message) || t('room.cannotEnter'));
      if (err.failureCode === REMOVED_BY_ADMIN) {
        removed = true;
        eventBus.enableReconnect(false);
      }
      return;
    }
    const body = message.body;
    if (body.type === 'system' && body.event === 'restarting') {
      restarting = true;
      canWrite(false);
      setStatus(t('room.restarting'), true);
      return;
    }
    if (body.type === 'typing') {
      typing.signal(body.colour);
      return;
    }
    if (typeof body.memberCount === 'number') {
      memberCount.textContent = String(body.memberCount);
    }
    if (body.type === 'system' && body.event === 'members') {
      return;
    }
    if (body.type === 'system' && (body.event === 'joined' || body.event === 'left' || body.event === 'kicked')) {
      people.changed(body.event, body.colours || [body.colour]);
    }
    if (body.type !== 'system') {
      typing.stopped(body.colour);
    }
    if (body.type === 'system' && body.event === 'deleted') {
      const gone = list.querySelector('li[data-id="' + CSS.escape(body.messageId) + '"]');
      if (gone) {
        gone.remove();
      }
    }
    if (body.type === 'system' && body.event === 'welcome') {
      canWrite(true);
      setStatus(t('room.welcome', Texts.colourName(body.colour)));
      // the page's count is from before this person came in: the list says how many are here now
      people.refresh().then(count => {
        if (count !== null) {
          memberCount.textContent = String(count);
        }
      });
      sessionStorage.removeItem(RELOADED_KEY);
      // only now is this socket subscribed: anything stored from here on arrives live, the rest comes from history
      const loaded = historyLoaded ? catchUp(newestSeq, CATCH_UP_PAGES) : loadHistory(null).then(reading.toEnd);
      historyLoaded = true;
      welcomedBefore = true;
      loaded.catch(e => setStatus(e.message, true));
      unsent.slice().forEach(transmit);
      return;
    }
    arrived(body, place(body));
    if (body.type === 'system' && body.event === 'closed') {
      closed = true;
      canWrite(false);
      setStatus(t('room.closed'), true);
      memberCount.parentElement.hidden = true;
      if (body.by === 'admin') {
        location.href = '/?closed=admin';
      }
    }
  }

  // A new message: keeps the view at the end only for a reader who was there, and counts it for a hidden tab.
  function arrived(message, isNew) {
    if (!isNew) {
      return;
    }
    reading.added();
    if (message.type !== 'system' && message.colour !== myColour) {
      attention.unseen();
    }
  }

  // Kept out of a room (full, removed, not admitted…): the reason in words, what to do next, and the way back.
  function refused(code, text) {
    setStatus(text, true);
    const next = Texts.nextStep(code);
    if (next) {
      const back = document.createElement('a');
      back.href = '/';
      back.textContent = t('room.backToList');
      status.append(' ' + next + ' ', back);
    }
    memberCount.parentElement.hidden = true;
  }

  // The bridge sends a subscription only for an address's first handler: entering again starts from none.
  function enter() {
    if (eventBus.state !== EventBus.OPEN) {
      return;
    }
    if (eventBus.handlers['room.' + roomId]) {
      eventBus.unregisterHandler('room.' + roomId, onMessage);
    }
    eventBus.registerHandler('room.' + roomId, {ticket: ticket}, onMessage);
  }

  eventBus = GifChat.connect(function (eb) {
    eventBus = eb;
    restarting = false;
    enter();
    setStatus(welcomedBefore ? t('room.reconnected') : t('room.entering'));
  }, function (state) {
    if (state !== 'open' && !removed) {
      canWrite(false);
      setStatus(restarting ? t('room.restarting') : t('room.lost'), true);
    }
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      return;
    }
    sendError.hidden = true;
    input.value = '';
    transmit({text: text, clientId: GifChat.newClientId()});
    reading.toEnd();
  });

  input.addEventListener('input', function () {
    if (input.value.trim() && eventBus && eventBus.state === EventBus.OPEN) {
      typing.typed(eventBus);
    }
  });

  const reading = GifChat.reading(list, document.getElementById('new-messages'));
  const attention = GifChat.attention(document.getElementById('sound'));
  const people = GifChat.people(document.getElementById('people'), roomId, myColour);
  const typing = GifChat.typing(document.getElementById('typing'), roomId, myColour);

  document.getElementById('reload').addEventListener('click', () => location.reload());

  gifButton.addEventListener('click', function () {
    gifInput.click();
  });
  gifInput.addEventListener('change', function () {
    upload(gifInput.files[0]);
    gifInput.value = '';
  });
  // Only files are ours to take: dragged text still lands in the text box.
  function carriesFiles(event) {
    return event.dataTransfer && Array.from(event.dataTransfer.types).includes('Files');
  }
  chat.addEventListener('dragover', function (event) {
    if (carriesFiles(event)) {
      event.preventDefault();
      chat.classList.add('dropping');
    }
  });
  chat.addEventListener('dragleave', function () {
    chat.classList.remove('dropping');
  });
  chat.addEventListener('drop', function (event) {
    chat.classList.remove('dropping');
    if (carriesFiles(event)) {
      event.preventDefault();
      upload(event.dataTransfer.files[0]);
    }
  });
  document.addEventListener('paste', function (event) {
    const files = event.clipboardData ? Array.from(event.clipboardData.files) : [];
    const file = files.find(f => f.type.startsWith('image/'));
    if (file) {
      event.preventDefault();
      upload(file);
    }
  });

  olderButton.addEventListener('click', function () {
    loadHistory(oldestSeq).catch(e => setStatus(e.message, true));
  });

  const deleteButton = document.getElementById('delete-room');
  if (deleteButton) {
    deleteButton.addEventListener('click', function () {
      if (!confirm(t('room.confirmDelete'))) {
        return;
      }
      fetch('/room/' + encodeURIComponent(roomId), {method: 'DELETE', credentials: 'same-origin'})
        .then(response => {
          if (response.status === 204) {
            location.href = '/';
          } else {
            return response.json().then(body => setStatus(Texts.failure(body.error.code, body.error.message), true));
          }
        });
    });
  }
})();
