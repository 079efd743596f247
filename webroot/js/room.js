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
  const myColour = document.getElementById('my-colour').textContent;
  const shown = new Set();
  let oldestSeq = null;
  let historyLoaded = false;
  let eventBus = null;
  let closed = false;
  let removed = false;
  const REMOVED_BY_ADMIN = 4033;

  function setStatus(text, isError) {
    status.textContent = text;
    status.classList.toggle('error', Boolean(isError));
  }

  function canWrite(yes) {
    input.disabled = !yes;
    sendButton.disabled = !yes;
    gifButton.disabled = !yes;
  }

  function item(message) {
    const li = document.createElement('li');
    li.className = 'message ' + message.type;
    if (message.type === 'system') {
      li.dataset.event = message.event;
      li.textContent = message.text;
      return li;
    }
    li.dataset.seq = String(message.seq);
    li.dataset.id = message.id;
    if (message.colour === myColour) {
      li.classList.add('mine');
    }
    const author = document.createElement('span');
    author.className = 'author';
    author.style.color = message.colour;
    author.append(GifChat.swatch(message.colour), message.colour);
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
    img.alt = 'image from ' + message.colour;
    img.loading = 'lazy';
    return img;
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
      showError('Wait until you are in the room to send an image.');
      return;
    }
    sendError.hidden = true;
    if (file.size > maxUpload) {
      showError('That file is larger than ' + humanSize(maxUpload) + '.');
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
        let message = 'The image was not sent.';
        try {
          message = JSON.parse(xhr.responseText).error.message;
        } catch (e) {
          // not our JSON: keep the general message
        }
        showError(message);
      }
    };
    xhr.onerror = xhr.onabort = xhr.ontimeout = function () {
      progress.hidden = true;
      showError('The image was not sent: the connection failed.');
    };
    progress.value = 0;
    progress.hidden = false;
    xhr.send(form);
  }

  // Messages are numbered per room; place each by its number so history and live ones interleave correctly.
  function place(message) {
    if (message.type === 'system') {
      list.appendChild(item(message));
      return;
    }
    if (shown.has(message.id)) {
      return;
    }
    shown.add(message.id);
    oldestSeq = oldestSeq === null ? message.seq : Math.min(oldestSeq, message.seq);
    const later = Array.from(list.querySelectorAll('li[data-seq]')).find(li => Number(li.dataset.seq) > message.seq);
    list.insertBefore(item(message), later || null);
  }

  function scrollToEnd() {
    list.scrollTop = list.scrollHeight;
  }

  function loadHistory(before) {
    const query = '?limit=' + pageSize + (before ? '&before=' + before : '');
    return fetch('/api/rooms/' + encodeURIComponent(roomId) + '/messages' + query, {credentials: 'same-origin'})
      .then(response => response.json().then(body => ({ok: response.ok, body: body})))
      .then(result => {
        if (!result.ok) {
          throw new Error(result.body.error ? result.body.error.message : 'Could not load the history.');
        }
        result.body.messages.forEach(place);
        olderButton.hidden = !result.body.hasMore;
      });
  }

  function onMessage(err, message) {
    if (err) {
      canWrite(false);
      setStatus(err.message || 'You cannot enter this room.', true);
      if (err.failureCode === REMOVED_BY_ADMIN) {
        removed = true;
        eventBus.enableReconnect(false);
      }
      return;
    }
    const body = message.body;
    if (body.type === 'system' && body.event === 'deleted') {
      const gone = list.querySelector('li[data-id="' + CSS.escape(body.messageId) + '"]');
      if (gone) {
        gone.remove();
      }
    }
    if (body.type === 'system' && body.event === 'welcome') {
      canWrite(true);
      setStatus(body.text);
      return;
    }
    place(body);
    if (body.type === 'system' && body.event === 'closed') {
      closed = true;
      canWrite(false);
      setStatus('This room was closed.', true);
      if (body.by === 'admin') {
        location.href = '/?closed=admin';
      }
    }
    scrollToEnd();
  }

  function onRoomEvent(err, message) {
    if (err || message.body.room.id !== roomId) {
      return;
    }
    if (message.body.type === 'updated') {
      memberCount.textContent = String(message.body.room.memberCount);
    } else if (message.body.type === 'removed' && !closed) {
      canWrite(false);
      setStatus('This room no longer exists.', true);
    }
  }

  eventBus = GifChat.connect(function (eb) {
    eb.registerHandler('room.' + roomId, {ticket: ticket}, onMessage);
    eb.registerHandler('rooms.events', onRoomEvent);
    setStatus('Entering the room…');
    if (!historyLoaded) {
      historyLoaded = true;
      loadHistory(null).then(scrollToEnd).catch(e => setStatus(e.message, true));
    }
  }, function (state) {
    if (state !== 'open' && !removed) {
      canWrite(false);
      setStatus(state === 'reconnecting' ? 'Reconnecting…' : 'Connection lost. Reconnecting…', true);
    }
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      return;
    }
    sendError.hidden = true;
    eventBus.send('chat.send', {roomId: roomId, text: text}, {}, function (err) {
      if (err) {
        showError(err.message || 'Your message was not sent.');
      } else {
        input.value = '';
      }
    });
  });

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
      if (!confirm('Delete this room and all its messages?')) {
        return;
      }
      fetch('/room/' + encodeURIComponent(roomId), {method: 'DELETE', credentials: 'same-origin'})
        .then(response => {
          if (response.status === 204) {
            location.href = '/';
          } else {
            return response.json().then(body => setStatus(body.error.message, true));
          }
        });
    });
  }
})();
