// The room list: kept up to date from the rooms.events address, without reloading.
'use strict';

(function () {
  const tbody = document.getElementById('rooms');
  const noRooms = document.getElementById('no-rooms');
  const live = document.getElementById('live');
  const older = document.getElementById('older-rooms');
  // the page shows one page of rooms, newest first; new rooms belong on the first page only
  const page = Number(tbody.dataset.page) || 1;
  const pageSize = Number(tbody.dataset.pageSize) || Infinity;

  function row(id) {
    return tbody.querySelector('tr[data-room-id="' + CSS.escape(id) + '"]');
  }

  function newRow(room) {
    const tr = document.createElement('tr');
    tr.dataset.roomId = room.id;
    const title = document.createElement('td');
    const link = document.createElement('a');
    link.href = '/room/' + encodeURIComponent(room.id);
    link.textContent = room.title;
    title.appendChild(link);
    const access = document.createElement('td');
    title.className = 'room-title';
    title.dataset.label = Texts.t('rooms.room');
    access.textContent = Texts.t(room.private ? 'access.private' : 'access.public');
    access.dataset.label = Texts.t('rooms.access');
    const people = document.createElement('td');
    const members = document.createElement('span');
    members.className = 'members';
    members.textContent = String(room.memberCount);
    people.append(members, ' / ' + room.capacity);
    people.dataset.label = Texts.t('rooms.people');
    const owner = document.createElement('td');
    const swatch = GifChat.swatch(room.ownerColour);
    swatch.setAttribute('aria-hidden', 'true');
    owner.append(swatch, ' ', Texts.colourName(room.ownerColour));
    owner.dataset.label = Texts.t('rooms.owner');
    tr.append(title, access, people, owner);
    return tr;
  }

  function setMembers(room) {
    const existing = row(room.id);
    if (existing) {
      existing.querySelector('.members').textContent = String(room.memberCount);
    }
  }

  // One frame per interval: the rooms created, recounted and removed in it (docs/PROTOCOL.md §3.2, rooms.events).
  function apply(changes) {
    if (changes.reload) {
      refresh();
      return;
    }
    changes.created.forEach(function (room) {
      if (row(room.id)) {
        setMembers(room);
      } else if (page === 1) {
        tbody.insertBefore(newRow(room), tbody.firstChild);
      }
    });
    while (tbody.children.length > pageSize) {
      tbody.lastElementChild.remove();
      older.hidden = false;
    }
    changes.updated.forEach(setMembers);
    changes.removed.forEach(function (id) {
      const existing = row(id);
      if (existing) {
        existing.remove();
      }
    });
    noRooms.hidden = tbody.children.length > 0 || page > 1;
  }

  // Frames that arrived while a refresh was on its way: they may be newer than the list it brings, so they are
  // applied after it, not before (then the older list would overwrite them).
  let held = null;
  let refreshes = 0;

  // After (re)subscribing, the current list replaces what the page had: changes made while it was loading or
  // disconnected were published to nobody.
  function refresh() {
    const mine = ++refreshes;
    held = [];
    fetch('/api/rooms?page=' + page, {credentials: 'same-origin'})
      .then(response => response.json())
      .then(body => {
        if (mine === refreshes) {
          tbody.replaceChildren(...body.rooms.map(newRow));
          noRooms.hidden = tbody.children.length > 0 || page > 1;
          older.hidden = !body.hasMore;
        }
      })
      .finally(() => {
        if (mine === refreshes) {
          const frames = held;
          held = null;
          frames.forEach(apply);
        }
      });
  }

  GifChat.connect(function (eb) {
    eb.registerHandler('rooms.events', function (err, message) {
      if (!err) {
        if (held) {
          held.push(message.body);
        } else {
          apply(message.body);
        }
      }
    });
    refresh();
  }, function (status) {
    live.textContent = Texts.t(status === 'open' ? 'rooms.live' : 'rooms.paused');
    live.dataset.status = status;
  });
})();
